using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;

namespace TenantRegistry.Audit.Evidence;

/// <summary>A checkpoint as an auditor holds it (an export's last line, a log line, the API's answer), parsed.</summary>
public sealed record SignedCheckpoint(long LastEventId, byte[] ChainHash, DateTimeOffset SignedAt, string Kid, byte[] Signature)
{
    /// <exception cref="FormatException">Not a checkpoint object.</exception>
    public static SignedCheckpoint Parse(JsonElement checkpoint)
    {
        try
        {
            return new SignedCheckpoint(
                checkpoint.GetProperty("last_event_id").GetInt64(),
                AuditChain.FromHex(checkpoint.GetProperty("chain_hash").GetString()),
                DateTimeOffset.Parse(checkpoint.GetProperty("signed_at").GetString()!, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal),
                checkpoint.GetProperty("kid").GetString()!,
                Convert.FromBase64String(checkpoint.GetProperty("signature").GetString()!));
        }
        catch (Exception exception) when (exception is KeyNotFoundException or InvalidOperationException or ArgumentNullException)
        {
            throw new FormatException($"not a checkpoint: {exception.Message}", exception);
        }
    }

    public string Describe() => $"the checkpoint of event {LastEventId} signed at {EventCanonicalForm.FormatTimestamp(SignedAt)} by key {Kid}";

    /// <returns>Null when one of <paramref name="keys"/> (by kid) verifies the signature; otherwise why not.</returns>
    public string? SignatureProblem(IReadOnlyDictionary<string, ECDsa> keys)
    {
        if (!keys.TryGetValue(Kid, out var key))
        {
            return $"{Describe()} is not signed by any of the given public keys ({string.Join(", ", keys.Keys)})";
        }

        var payload = CheckpointStatement.Payload(LastEventId, ChainHash, SignedAt, Kid);
        return CheckpointStatement.Verifies(key, payload, Signature) ? null : $"the signature of {Describe()} does not verify with that public key";
    }
}
