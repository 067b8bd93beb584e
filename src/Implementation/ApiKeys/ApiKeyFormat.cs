using System.IO.Hashing;
using System.Security.Cryptography;
using System.Text;

namespace TenantRegistry.ApiKeys;

/// <summary>
/// The plaintext key: <c>trk_</c> + public id (12) + secret (22) + checksum (6), all base62 — 44 characters.
/// The secret carries 22 × log2(62) ≈ 131 bits from the CSPRNG. The checksum is CRC-32 of everything before it,
/// so verify rejects random or mistyped strings without touching the store, and secret scanners can recognise
/// our keys (GitHub-token style). The prefix (<c>trk_</c> + public id) is not secret and is shown in lists.
/// </summary>
public static class ApiKeyFormat
{
    public const string TypePrefix = "trk_";
    public const int PublicIdLength = 12;
    public const int SecretLength = 22;
    public const int ChecksumLength = 6;
    public const int PrefixLength = 4 + PublicIdLength;
    public const int KeyLength = PrefixLength + SecretLength + ChecksumLength;

    private const string Base62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

    public static (string Plaintext, string Prefix) Generate()
    {
        var body = TypePrefix + RandomNumberGenerator.GetString(Base62, PublicIdLength + SecretLength);
        var plaintext = body + Checksum(body);
        return (plaintext, plaintext[..PrefixLength]);
    }

    /// <summary>True when the text has our shape and its checksum matches: worth looking up.</summary>
    public static bool IsWellFormed(string? key)
    {
        if (key is not { Length: KeyLength } || !key.StartsWith(TypePrefix, StringComparison.Ordinal))
        {
            return false;
        }

        foreach (var c in key.AsSpan(TypePrefix.Length))
        {
            if (!char.IsAsciiLetterOrDigit(c))
            {
                return false;
            }
        }

        Span<char> expected = stackalloc char[ChecksumLength];
        WriteChecksum(key.AsSpan(0, KeyLength - ChecksumLength), expected);
        return key.AsSpan(KeyLength - ChecksumLength).SequenceEqual(expected);
    }

    public static string PrefixOf(string wellFormedKey) => wellFormedKey[..PrefixLength];

    public static byte[] Hash(string plaintext)
    {
        Span<byte> ascii = stackalloc byte[KeyLength];
        var written = Encoding.ASCII.GetBytes(plaintext, ascii);
        return SHA256.HashData(ascii[..written]);
    }

    private static string Checksum(string body)
    {
        Span<char> checksum = stackalloc char[ChecksumLength];
        WriteChecksum(body, checksum);
        return new string(checksum);
    }

    private static void WriteChecksum(ReadOnlySpan<char> body, Span<char> destination)
    {
        Span<byte> ascii = stackalloc byte[body.Length];
        Encoding.ASCII.GetBytes(body, ascii);
        var crc = Crc32.HashToUInt32(ascii);
        for (var i = ChecksumLength - 1; i >= 0; i--)
        {
            destination[i] = Base62[(int)(crc % 62)];
            crc /= 62;
        }
    }
}
