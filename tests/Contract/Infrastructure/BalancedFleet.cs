using System.Net;
using System.Net.Sockets;

namespace TenantRegistry.Contract.Tests.Infrastructure;

/// <summary>
/// A fleet as production runs it, on one machine: service processes (the built TenantRegistry.dll) on one PostgreSQL
/// database, behind HAProxy with health checks on /readyz, round robin, on loopback ports. Used by the fleet tests
/// and by bench/Fleet (which compiles this file too), so both exercise the same fleet.
/// </summary>
public sealed class BalancedFleet : IAsyncDisposable
{
    /// <summary>
    /// How long a SIGTERMed instance keeps serving while /readyz says it is leaving: the balancer takes it out after
    /// three failed checks, the first within its 1 s interval and the next two 250 ms apart (bench/fleet/haproxy.cfg).
    /// </summary>
    public static readonly TimeSpan DrainDelay = TimeSpan.FromSeconds(3);

    private readonly IReadOnlyDictionary<string, string?> settings;
    private readonly string? serviceDirectory;
    private readonly ServiceProcess?[] processes;

    private BalancedFleet(string connectionString, IReadOnlyDictionary<string, string?> settings, string? serviceDirectory, int[] ports)
    {
        ConnectionString = connectionString;
        this.settings = settings;
        this.serviceDirectory = serviceDirectory;
        Ports = ports;
        processes = new ServiceProcess?[ports.Length];
    }

    public string ConnectionString { get; }

    public IReadOnlyList<int> Ports { get; }

    public Haproxy Balancer { get; private set; } = null!;

    public int Count => Ports.Count;

    /// <summary>The instance's name: its server in HAProxy and its application_name in pg_stat_activity.</summary>
    public static string Name(int instance) => $"registry-{instance + 1}";

    public Uri Address(int instance) => new($"http://127.0.0.1:{Ports[instance]}");

    public ServiceProcess Process(int instance) => processes[instance] ?? throw new InvalidOperationException($"{Name(instance)} is not running");

    /// <summary>
    /// <paramref name="count"/> instances on <paramref name="connectionString"/>'s database (migrated by the first),
    /// each with <paramref name="extraSettings"/>, then the balancer, and waits until every instance is in rotation.
    /// </summary>
    public static async Task<BalancedFleet> StartAsync(string connectionString, string workDirectory, int count = 3,
        IReadOnlyDictionary<string, string?>? extraSettings = null, string? serviceDirectory = null)
    {
        var settings = new Dictionary<string, string?>
        {
            // Behind a balancer its access log has the requests; the per-request line would only fill the test's memory.
            ["Logging:LogLevel:TenantRegistry.Telemetry.RequestLog"] = "Warning",
            ["Shutdown:DrainDelay"] = DrainDelay.ToString(),
        };
        foreach (var (key, value) in extraSettings ?? new Dictionary<string, string?>())
        {
            settings[key] = value;
        }

        var fleet = new BalancedFleet(connectionString, settings, serviceDirectory, Enumerable.Range(0, count).Select(_ => FreePort()).ToArray());
        try
        {
            // The first migrates the database; the others then start on a migrated schema, as a rolling deploy does.
            await fleet.StartInstanceAsync(0);
            await Task.WhenAll(Enumerable.Range(1, count - 1).Select(instance => fleet.StartInstanceAsync(instance)));
            fleet.Balancer = await Haproxy.StartAsync(workDirectory, FreePort(),
                Enumerable.Range(0, count).Select(i => (Name(i), fleet.Ports[i])).ToList());
            foreach (var instance in Enumerable.Range(0, count))
            {
                await fleet.WaitUntilInRotationAsync(instance);
            }

            return fleet;
        }
        catch
        {
            await fleet.DisposeAsync();
            throw;
        }
    }

    /// <summary>Starts the instance (again) on its port, with its own application_name and <paramref name="overrides"/>.</summary>
    public async Task StartInstanceAsync(int instance, IReadOnlyDictionary<string, string?>? overrides = null)
    {
        var own = new Dictionary<string, string?>(settings)
        {
            ["ConnectionStrings:Registry"] = ConnectionString + $";Application Name={Name(instance)}",
        };
        foreach (var (key, value) in overrides ?? new Dictionary<string, string?>())
        {
            own[key] = value;
        }

        // Three processes starting at once on a busy machine may each take longer than one alone.
        processes[instance] = await ServiceProcess.StartAsync(own, Ports[instance], serviceDirectory, TimeSpan.FromSeconds(90));
    }

    /// <summary>SIGKILL: the instance is gone at once, with whatever it had in flight.</summary>
    public async Task KillAsync(int instance)
    {
        await Process(instance).KillAsync();
        await ForgetAsync(instance);
    }

    /// <summary>SIGTERM, as an orchestrator stops a container, and waits until the process has exited.</summary>
    public async Task<int?> TerminateAsync(int instance, TimeSpan within)
    {
        var process = Process(instance);
        process.Terminate();
        var exitCode = await process.ExitCodeAsync(within);
        await ForgetAsync(instance);
        return exitCode;
    }

    /// <summary>Waits until the balancer's checks have found the instance ready and it takes requests.</summary>
    public async Task WaitUntilInRotationAsync(int instance, TimeSpan? within = null)
    {
        var up = await Eventually.HoldsAsync(
            async () => (await Balancer.ServerStatesAsync()).GetValueOrDefault(Name(instance)) == "UP",
            within ?? TimeSpan.FromSeconds(30));
        if (!up)
        {
            throw new InvalidOperationException($"{Name(instance)} did not come into rotation: {string.Join(", ", await Balancer.ServerStatesAsync())}");
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Balancer is not null)
        {
            await Balancer.DisposeAsync();
        }

        foreach (var instance in Enumerable.Range(0, Count))
        {
            await ForgetAsync(instance);
        }
    }

    private async Task ForgetAsync(int instance)
    {
        if (processes[instance] is { } process)
        {
            processes[instance] = null;
            await process.DisposeAsync();
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
