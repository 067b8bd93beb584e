using System.Security.Cryptography;
using Microsoft.Extensions.Options;
using TenantRegistry.Hosting;
using TenantRegistry.Store;

namespace TenantRegistry.Audit.Evidence;

/// <summary>
/// Holds the checkpoint signing key for the life of the process. The key is read once at start; with no
/// Audit:SigningKeyPath, one is generated next to the embedded database on first start and kept there (owner-only
/// permissions). A configured path that does not exist stops the start: a fleet's instances must not each invent one.
/// </summary>
public sealed class CheckpointSigner : IDisposable
{
    public const string DefaultFileName = "audit-signing-key.pem";

    private readonly ECDsa key;

    public CheckpointSigner(IOptions<EvidenceOptions> options, IOptions<StoreOptions> store, ILogger<CheckpointSigner> logger)
    {
        var configured = options.Value.SigningKeyPath;
        var path = string.IsNullOrWhiteSpace(configured)
            ? Path.Combine(Path.GetDirectoryName(Path.GetFullPath(store.Value.SqlitePath))!, DefaultFileName)
            : Path.GetFullPath(configured);
        if (!File.Exists(path))
        {
            if (!string.IsNullOrWhiteSpace(configured))
            {
                throw StartupFailure.Configuration(Missing(path));
            }

            Generate(path);
            logger.LogInformation("Generated the audit checkpoint signing key {Path}", path);
        }

        key = ECDsa.Create();
        if (Import(key, path) is { } problem)
        {
            key.Dispose();
            throw StartupFailure.Configuration(problem);
        }

        Kid = CheckpointStatement.KidOf(key);
        PublicKeyPem = key.ExportSubjectPublicKeyInfoPem();
    }

    public string Kid { get; }

    public string PublicKeyPem { get; }

    /// <summary>Whether this process has made sure the store lists the public key.</summary>
    public bool Registered { get; set; }

    public byte[] Sign(byte[] payload) => key.SignData(payload, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence);

    public void Dispose() => key.Dispose();

    /// <summary>
    /// Why the configured key file cannot sign checkpoints, or null when it can; checked with the settings
    /// (<see cref="EvidenceOptionsValidator"/>), so a wrong path or file stops the start before anything runs.
    /// </summary>
    internal static string? ConfiguredKeyProblem(string configured)
    {
        var path = Path.GetFullPath(configured);
        if (!File.Exists(path))
        {
            return Missing(path);
        }

        using var key = ECDsa.Create();
        return Import(key, path);
    }

    private static string Missing(string path) => $"Audit:SigningKeyPath names {path}, which does not exist";

    private static string? Import(ECDsa key, string path)
    {
        try
        {
            key.ImportFromPem(File.ReadAllText(path));
        }
        catch (Exception exception) when (exception is ArgumentException or IOException or UnauthorizedAccessException)
        {
            return $"the audit signing key {path} holds no readable PEM private key ({exception.Message}); check Audit:SigningKeyPath";
        }

        return key.KeySize != 256 || key.ExportParameters(false).Curve.Oid.Value != ECCurve.NamedCurves.nistP256.Oid.Value
            ? $"the audit signing key {path} is not an ECDSA P-256 key; check Audit:SigningKeyPath"
            : null;
    }

    /// <summary>Written to a temporary file and moved into place, so two instances starting together keep one key.</summary>
    private static void Generate(string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        using var generated = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var temporary = path + "." + Guid.NewGuid().ToString("N") + ".tmp";
        var ownerOnly = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            ownerOnly.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        using (var writer = new StreamWriter(temporary, ownerOnly))
        {
            writer.Write(generated.ExportPkcs8PrivateKeyPem());
        }

        try
        {
            File.Move(temporary, path, overwrite: false);
        }
        catch (IOException) when (File.Exists(path))
        {
            File.Delete(temporary);
        }
    }
}
