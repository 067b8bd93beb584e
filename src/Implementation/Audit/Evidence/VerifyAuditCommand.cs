using LinqToDB.Async;
using System.Security.Cryptography;
using System.Text.Json;
using TenantRegistry.Hosting;
using TenantRegistry.Json;
using TenantRegistry.Store;

namespace TenantRegistry.Audit.Evidence;

/// <summary>
/// `verify-audit`: checks an export file (`--file`) or the live store (`--store`, with the service's own
/// configuration) against the given public keys (`--public-key`, once per key), and any checkpoints kept outside the
/// registry (`--checkpoints`, one JSON checkpoint or export checkpoint line per line). Exit code 0: verified;
/// 1: a mismatch, named by event id; 2: the command could not run (usage, unreadable file or key, no store).
/// </summary>
public static class VerifyAuditCommand
{
    public const string Name = "verify-audit";

    private const string Usage = "usage: verify-audit (--file EXPORT.ndjson | --store) --public-key KEY.pem [--public-key ...] [--checkpoints FILE]";

    public static async Task<int> RunAsync(string[] args, TextWriter output)
    {
        if (args is ["--help" or "-h" or "-?"])
        {
            await output.WriteLineAsync(Usage);
            return 0;
        }

        Dictionary<string, List<string>> options;
        try
        {
            options = Parse(args);
        }
        catch (FormatException problem)
        {
            await output.WriteLineAsync($"{problem.Message}{Environment.NewLine}{Usage}");
            return 2;
        }

        var file = options.GetValueOrDefault("--file")?.Single();
        var fromStore = options.ContainsKey("--store");
        if (file is null == !fromStore || !options.TryGetValue("--public-key", out var keyFiles))
        {
            await output.WriteLineAsync(Usage);
            return 2;
        }

        Dictionary<string, ECDsa> keys;
        List<SignedCheckpoint> outside;
        try
        {
            keys = keyFiles.Select(ReadPublicKey).ToDictionary(CheckpointStatement.KidOf);
            outside = (options.GetValueOrDefault("--checkpoints") ?? []).SelectMany(ReadCheckpoints).ToList();
        }
        catch (Exception problem) when (problem is IOException or UnauthorizedAccessException or FormatException or ArgumentException or CryptographicException)
        {
            await output.WriteLineAsync($"cannot read the keys or checkpoints: {problem.Message}");
            return 2;
        }

        VerificationResult result;
        try
        {
            result = file is not null
                ? await VerifyFileAsync(file, keys, outside)
                : await VerifyStoreAsync(keys, outside);
        }
        catch (Exception problem) when (problem is IOException or UnauthorizedAccessException || StoreFailures.IsOutage(problem))
        {
            await output.WriteLineAsync($"cannot read the audit log: {problem.Message}");
            return 2;
        }

        await output.WriteLineAsync(result.Verified
            ? result.Message
            : $"NOT VERIFIED at {(result.EventId is { } id ? $"event {id}" : "the export as a whole")}: {result.Message}");
        return result.Verified ? 0 : 1;
    }

    private static async Task<VerificationResult> VerifyFileAsync(string path, Dictionary<string, ECDsa> keys, List<SignedCheckpoint> outside)
    {
        var verifier = new AuditVerifier(keys, outside, requireCheckpoint: true);
        using var reader = new StreamReader(path);
        while (await reader.ReadLineAsync() is { } text)
        {
            if (text.Length == 0)
            {
                continue;
            }

            VerificationResult? failure;
            try
            {
                using var line = JsonDocument.Parse(text);
                failure = verifier.Check(line.RootElement);
            }
            catch (JsonException problem)
            {
                failure = new VerificationResult(false, null, $"a line is not JSON: {problem.Message}");
            }

            if (failure is not null)
            {
                return failure;
            }
        }

        return verifier.Finish();
    }

    private static async Task<VerificationResult> VerifyStoreAsync(Dictionary<string, ECDsa> keys, List<SignedCheckpoint> outside)
    {
        // The service's own configuration (appsettings.json, environment), without starting it or migrating.
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory });
        builder.AddTenantRegistry();
        await using var app = builder.Build();
        return await VerifyStoreAsync(app.Services, keys, outside);
    }

    /// <summary>Walks the whole chain in the store, and checks every checkpoint the store holds against it.</summary>
    internal static async Task<VerificationResult> VerifyStoreAsync(IServiceProvider services, IReadOnlyDictionary<string, ECDsa> keys,
        IEnumerable<SignedCheckpoint> outside)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<RegistryDb>();
        var stored = await db.AuditCheckpoints().OrderBy(c => c.Id).ToListAsync();
        var verifier = new AuditVerifier(keys,
            outside.Concat(stored.Select(c => new SignedCheckpoint(c.LastEventId, c.ChainHash, c.SignedAt, c.Kid, c.Signature))),
            requireCheckpoint: false);
        var wire = new JsonSerializerOptions();
        WireFormat.Apply(wire);
        var everything = new AuditQuery(null, null, null, null, null, null, AuditQuery.DefaultLimit, null);
        await foreach (var line in scope.ServiceProvider.GetRequiredService<AuditExport>().LinesAsync(everything, null, CancellationToken.None))
        {
            if (verifier.Check(JsonSerializer.SerializeToElement(line, wire)) is { } failure)
            {
                return failure;
            }
        }

        return verifier.Finish();
    }

    private static ECDsa ReadPublicKey(string path)
    {
        var key = ECDsa.Create();
        key.ImportFromPem(File.ReadAllText(path));
        return key;
    }

    private static IEnumerable<SignedCheckpoint> ReadCheckpoints(string path)
    {
        foreach (var text in File.ReadLines(path).Where(text => text.Trim().Length > 0))
        {
            using var line = JsonDocument.Parse(text);
            var root = line.RootElement;
            yield return SignedCheckpoint.Parse(root.TryGetProperty("checkpoint", out var wrapped) ? wrapped : root);
        }
    }

    private static Dictionary<string, List<string>> Parse(string[] args)
    {
        var options = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        for (var i = 0; i < args.Length; i++)
        {
            var name = args[i];
            if (name == "--store")
            {
                options[name] = [];
                continue;
            }

            if (name is not ("--file" or "--public-key" or "--checkpoints") || i + 1 >= args.Length)
            {
                throw new FormatException($"unexpected argument '{name}'");
            }

            if (!options.TryGetValue(name, out var values))
            {
                options[name] = values = [];
            }

            values.Add(args[++i]);
        }

        return options;
    }
}
