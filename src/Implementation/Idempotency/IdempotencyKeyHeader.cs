using Microsoft.Extensions.Primitives;

namespace TenantRegistry.Idempotency;

/// <summary>The Idempotency-Key request header and the Idempotent-Replayed response header.</summary>
public static class IdempotencyKeyHeader
{
    public const string Name = "Idempotency-Key";
    public const string Replayed = "Idempotent-Replayed";
    public const int MaxLength = 255;

    /// <summary>One value of 1..255 printable ASCII characters (space to tilde), as the spec's parameter says.</summary>
    public static bool IsValid(StringValues values, out string key)
    {
        key = values.Count == 1 ? values[0] ?? "" : "";
        return values.Count == 1 && key.Length is >= 1 and <= MaxLength && key.All(c => c is >= ' ' and <= '~');
    }
}
