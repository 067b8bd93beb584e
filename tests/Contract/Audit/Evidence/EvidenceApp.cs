using System.Data.Common;
using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using TenantRegistry.Audit.Evidence;
using TenantRegistry.Contract.Tests.Infrastructure;
using TenantRegistry.Contract.Tests.Validation;

namespace TenantRegistry.Contract.Tests.Audit.Evidence;

/// <summary>
/// A service on a store of its own, for tests that tamper with the store: nothing another test wrote can blur what
/// the verifier finds. Tampering goes through a raw connection with the append-only triggers out of the way, as a
/// database owner (superuser on PostgreSQL) could do it.
/// </summary>
public sealed class EvidenceApp : IAsyncDisposable
{
    private EvidenceApp(IReadOnlyDictionary<string, string?> settings)
    {
        Settings = settings;
        App = new RegistryApp(settings, Logs);
        Client = App.CreateDefaultClient(new ValidatingHandler());
    }

    public IReadOnlyDictionary<string, string?> Settings { get; }

    public RegistryApp App { get; }

    public HttpClient Client { get; }

    public CapturedLogs Logs { get; } = new();

    public bool OnPostgres => Settings.ContainsKey("ConnectionStrings:Registry");

    /// <summary>The service on a fresh store of <paramref name="store"/>, with settings of the test's own on top.</summary>
    public static async Task<EvidenceApp> StartAsync(string store, IReadOnlyDictionary<string, string?>? extraSettings = null)
    {
        var settings = new Dictionary<string, string?>(store == "PostgreSQL" ? await StoreSettings.FreshPostgresAsync() : StoreSettings.FreshSqlite());
        foreach (var (key, value) in extraSettings ?? new Dictionary<string, string?>())
        {
            settings[key] = value;
        }

        var app = new EvidenceApp(settings);
        _ = app.App.Server;
        return app;
    }

    public async Task<List<long>> AppendAsync(int count, string action = "evidence.test")
    {
        var ids = new List<long>();
        for (var i = 0; i < count; i++)
        {
            var appended = await Client.AppendAuditAsync(new JsonObject
            {
                ["action"] = action,
                ["actor_id"] = $"actor-{i}",
                ["metadata"] = new JsonObject { ["n"] = i, ["amount"] = 12.5, ["note"] = "é \"quoted\"", ["nested"] = new JsonObject { ["z"] = 1, ["a"] = new JsonArray(1e21, true) } },
            });
            ids.Add((long)appended["id"]!);
        }

        return ids;
    }

    /// <summary>POST /v1/audit/checkpoints: seals what can be sealed and signs the head.</summary>
    public async Task<JsonObject> CheckpointAsync()
    {
        var response = await Client.PostAsync("/v1/audit/checkpoints", null);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return await response.ReadObjectAsync();
    }

    public async Task<string> ExportAsync(string query = "")
    {
        var response = await Client.GetAsync("/v1/audit/export" + query);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(AuditEvidenceController.NdjsonContentType, response.Content.Headers.ContentType?.MediaType);
        return await response.Content.ReadAsStringAsync();
    }

    public async Task<string> PublicKeyFileAsync()
    {
        var keys = await (await Client.GetAsync("/v1/audit/signing-keys")).ReadObjectAsync();
        var path = Path.Combine(Path.GetTempPath(), "tenant-registry-tests", Guid.NewGuid().ToString("N") + ".pem");
        await File.WriteAllTextAsync(path, (string)keys["items"]![0]!["pem"]!);
        return path;
    }

    /// <summary>Runs `verify-audit --file` on an export; returns the exit code and what it printed.</summary>
    public async Task<(int ExitCode, string Output)> VerifyAsync(string export, params string[] more)
    {
        var file = Path.Combine(Path.GetTempPath(), "tenant-registry-tests", Guid.NewGuid().ToString("N") + ".ndjson");
        await File.WriteAllTextAsync(file, export);
        var output = new StringWriter();
        var exitCode = await VerifyAuditCommand.RunAsync(["--file", file, "--public-key", await PublicKeyFileAsync(), .. more], output);
        return (exitCode, output.ToString());
    }

    /// <summary>Runs a statement with every audit trigger out of the way, as the database's owner could.</summary>
    public async Task TamperAsync(string sql)
    {
        await using var connection = await RawStoreConnection.OpenAsync(Settings);
        if (OnPostgres)
        {
            await connection.ExecuteAsync("SET session_replication_role = replica");
        }
        else
        {
            foreach (var trigger in await connection.QueryAsync<string>("SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'audit%'"))
            {
                await connection.ExecuteAsync($"DROP TRIGGER {trigger}");
            }
        }

        await connection.ExecuteAsync(sql);
    }

    public async Task<DbConnection> RawConnectionAsync() => await RawStoreConnection.OpenAsync(Settings);

    /// <summary>Burns one event id without an event, as a rolled-back append does.</summary>
    public Task BurnAnIdAsync() => OnPostgres
        ? RawExecuteAsync("SELECT nextval(pg_get_serial_sequence('audit_events', 'id'))")
        : RawExecuteAsync("UPDATE sqlite_sequence SET seq = seq + 1 WHERE name = 'audit_events'");

    public async Task RawExecuteAsync(string sql)
    {
        await using var connection = await RawStoreConnection.OpenAsync(Settings);
        await connection.ExecuteAsync(sql);
    }

    public T Service<T>() where T : notnull => App.Services.GetRequiredService<T>();

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await App.DisposeAsync();
    }
}
