using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace TenantRegistry.Contract.Tests.Infrastructure;

/// <summary>
/// A throwaway PostgreSQL server for the test run: initdb into a temp directory, started on a free loopback port,
/// stopped and removed when the test process exits. As root, the server runs as the `postgres` user.
/// </summary>
public sealed class PostgresCluster : IDisposable
{
    private const string DirectoryPrefix = "tenant-registry-pg-";

    private static readonly Lazy<PostgresCluster> SharedCluster = new(StartNew, LazyThreadSafetyMode.ExecutionAndPublication);

    private readonly string binDirectory;
    private readonly string directory;
    private readonly bool asPostgresUser;

    private PostgresCluster(string binDirectory, string directory, int port, bool asPostgresUser)
    {
        this.binDirectory = binDirectory;
        this.directory = directory;
        this.asPostgresUser = asPostgresUser;
        Port = port;
    }

    public static PostgresCluster Shared => SharedCluster.Value;

    public int Port { get; }

    private string DataDirectory => Path.Combine(directory, "data");

    public string ConnectionString(string database) => new NpgsqlConnectionStringBuilder
    {
        Host = "127.0.0.1",
        Port = Port,
        Username = "postgres",
        Database = database,
        Timeout = 3,
        CommandTimeout = 10,
    }.ToString();

    public async Task<string> CreateDatabaseAsync()
    {
        var name = "registry_" + Guid.NewGuid().ToString("N")[..12];
        await using var connection = new NpgsqlConnection(ConnectionString("postgres"));
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
        await command.ExecuteNonQueryAsync();
        return ConnectionString(name);
    }

    public void Start() => PgCtl($"-D \"{DataDirectory}\" -l \"{Path.Combine(directory, "server.log")}\" -o \"-p {Port} -k {directory} -c listen_addresses=127.0.0.1 -c max_connections=300 -c fsync=on\" -w -t 30 start");

    public void Stop(bool immediate = false) => PgCtl($"-D \"{DataDirectory}\" -m {(immediate ? "immediate" : "fast")} -w -t 30 stop");

    /// <summary>Kills the postmaster with SIGKILL, as a crash or the OOM killer would; the next start runs crash recovery.</summary>
    public void Kill()
    {
        var postmaster = int.Parse(File.ReadLines(Path.Combine(DataDirectory, "postmaster.pid")).First(), System.Globalization.CultureInfo.InvariantCulture);
        Run("kill", $"-KILL {postmaster}");
        Eventually.HoldsAsync(() => Task.FromResult(!IsRunning(postmaster))).GetAwaiter().GetResult();
    }

    /// <summary>A cluster of the caller's own, for tests that stop and start the server.</summary>
    public static PostgresCluster StartDedicated() => StartNew();

    public void Dispose() => Remove();

    private static PostgresCluster StartNew()
    {
        var bin = FindBinaries();
        var asPostgresUser = Environment.UserName == "root";
        RemoveAbandoned(bin, asPostgresUser);
        var directory = Path.Combine(Path.GetTempPath(), $"{DirectoryPrefix}{Environment.ProcessId}-{Guid.NewGuid().ToString("N")[..8]}");
        Directory.CreateDirectory(directory);
        if (asPostgresUser)
        {
            Run("chown", $"postgres \"{directory}\"");
        }

        var cluster = new PostgresCluster(bin, directory, FreePort(), asPostgresUser);
        cluster.RunTool("initdb", $"-D \"{cluster.DataDirectory}\" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 --no-sync");
        cluster.Start();
        AppDomain.CurrentDomain.ProcessExit += (_, _) => cluster.Remove();
        return cluster;
    }

    /// <summary>
    /// The test host may be killed before its exit handler has stopped the server; clusters whose test process is
    /// gone are stopped and removed by the next run instead.
    /// </summary>
    private static void RemoveAbandoned(string bin, bool asPostgresUser)
    {
        foreach (var directory in Directory.GetDirectories(Path.GetTempPath(), DirectoryPrefix + "*"))
        {
            var owner = Path.GetFileName(directory)[DirectoryPrefix.Length..].Split('-')[0];
            if (int.TryParse(owner, out var pid) && IsRunning(pid))
            {
                continue;
            }

            try
            {
                RemoveAbandoned(new PostgresCluster(bin, directory, 0, asPostgresUser), directory);
            }
            catch (DirectoryNotFoundException)
            {
                // Another test run on this machine is removing the same abandoned cluster right now.
            }
        }
    }

    private static void RemoveAbandoned(PostgresCluster abandoned, string directory)
    {
        try
        {
            abandoned.Remove();
        }
        catch (InvalidOperationException)
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    private static bool IsRunning(int pid)
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    private void Remove()
    {
        if (!Directory.Exists(directory))
        {
            return;
        }

        try
        {
            if (File.Exists(Path.Combine(DataDirectory, "postmaster.pid")))
            {
                Stop(immediate: true);
            }
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    private void PgCtl(string arguments) => RunTool("pg_ctl", arguments);

    private void RunTool(string tool, string arguments)
    {
        var executable = Path.Combine(binDirectory, tool);
        if (asPostgresUser)
        {
            Run("runuser", $"-u postgres -- \"{executable}\" {arguments}");
        }
        else
        {
            Run(executable, arguments);
        }
    }

    private static void Run(string fileName, string arguments)
    {
        using var process = Process.Start(new ProcessStartInfo(fileName, arguments)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        }) ?? throw new InvalidOperationException($"could not start {fileName}");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{fileName} {arguments} failed ({process.ExitCode}): {output.Result}{error.Result}");
        }
    }

    private static string FindBinaries()
    {
        var candidates = new[] { Environment.GetEnvironmentVariable("PG_BIN") }
            .Concat(Directory.Exists("/usr/lib/postgresql")
                ? Directory.GetDirectories("/usr/lib/postgresql").OrderDescending().Select(version => Path.Combine(version, "bin"))
                : []);
        return candidates.FirstOrDefault(dir => dir is not null && File.Exists(Path.Combine(dir, "pg_ctl")) && File.Exists(Path.Combine(dir, "initdb")))
            ?? throw new InvalidOperationException(
                "PostgreSQL server binaries (initdb, pg_ctl) were not found. The PostgreSQL half of the suite needs them: " +
                "install them (Debian: `apt-get install postgresql-15`) or point PG_BIN at their directory.");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
