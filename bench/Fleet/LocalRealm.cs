using System.Diagnostics;

namespace TenantRegistry.Fleet;

/// <summary>
/// bench/TokenGen as a process: a realm at http://127.0.0.1:PORT/realms/bench serving discovery and JWKS as Keycloak
/// does, and one RS256 admin + product token of it. The fleet validates every /v1 call against it, as production does.
/// </summary>
internal sealed class LocalRealm : IDisposable
{
    private readonly Process process;

    private LocalRealm(Process process, string authority, string token)
    {
        this.process = process;
        Authority = authority;
        Token = token;
    }

    public string Authority { get; }

    public string Token { get; }

    public IReadOnlyDictionary<string, string?> ServiceSettings => new Dictionary<string, string?>
    {
        ["Auth:Authority"] = Authority,
        ["Auth:RequireHttpsMetadata"] = "false",
    };

    public static async Task<LocalRealm> StartAsync(string directory)
    {
        using var probe = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        probe.Start();
        var port = ((System.Net.IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        var tokenFile = Path.Combine(directory, "token.txt");
        var process = Process.Start(new ProcessStartInfo("dotnet", $"\"{Path.Combine(AppContext.BaseDirectory, "TokenGen.dll")}\" {port} \"{tokenFile}\"")
        {
            UseShellExecute = false,
        }) ?? throw new InvalidOperationException("could not start bench/TokenGen");
        var authority = $"http://127.0.0.1:{port}/realms/bench";
        using var http = new HttpClient();
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                if (File.Exists(tokenFile) && new FileInfo(tokenFile).Length > 0
                    && (await http.GetAsync(authority + "/.well-known/openid-configuration")).IsSuccessStatusCode)
                {
                    return new LocalRealm(process, authority, (await File.ReadAllTextAsync(tokenFile)).Trim());
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            if (process.HasExited || deadline.Elapsed > TimeSpan.FromSeconds(60))
            {
                process.Dispose();
                throw new InvalidOperationException("bench/TokenGen did not serve its realm");
            }

            await Task.Delay(200);
        }
    }

    public void Dispose()
    {
        if (!process.HasExited)
        {
            process.Kill();
            process.WaitForExit();
        }

        process.Dispose();
    }
}
