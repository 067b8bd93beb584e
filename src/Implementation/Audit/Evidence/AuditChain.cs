using System.Security.Cryptography;

namespace TenantRegistry.Audit.Evidence;

/// <summary>
/// The hash chain over the events in id order: each event's hash is SHA-256 of its canonical form, and each link is
/// SHA-256 of the previous link followed by the event's hash, starting from 32 zero bytes. A linear chain, not a
/// Merkle tree: an auditor checks a whole window in one pass with nothing but SHA-256 (docs/audit.md says why).
/// </summary>
public static class AuditChain
{
    public const int HashLength = 32;

    /// <summary>The link before the first event.</summary>
    public static ReadOnlySpan<byte> Genesis => new byte[HashLength];

    public static byte[] EventHash(byte[] canonicalForm) => SHA256.HashData(canonicalForm);

    public static byte[] Link(ReadOnlySpan<byte> previousLink, ReadOnlySpan<byte> eventHash)
    {
        Span<byte> joined = stackalloc byte[2 * HashLength];
        previousLink.CopyTo(joined);
        eventHash.CopyTo(joined[HashLength..]);
        return SHA256.HashData(joined);
    }

    public static string Hex(ReadOnlySpan<byte> hash) => Convert.ToHexStringLower(hash);

    /// <exception cref="FormatException">Not 64 hex digits.</exception>
    public static byte[] FromHex(string? hex) =>
        hex is { Length: 2 * HashLength } && hex.All(Uri.IsHexDigit) ? Convert.FromHexString(hex) : throw new FormatException($"'{hex}' is not a SHA-256 hash in hex");
}
