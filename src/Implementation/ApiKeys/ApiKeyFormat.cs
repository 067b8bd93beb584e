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
/// <remarks>
/// The checksum is public, so anyone can make well-formed keys. Keys the registry issues therefore end their public
/// id with an issuer tag: 3 base62 characters of HMAC-SHA256 over the 9 random ones, keyed with the issuer secret
/// every instance reads from the store (<c>KeyIssuer</c>: named, not a cref, because bench/KeyGen compiles this file
/// alone). Without the secret, one forged key in 238,328 has a matching tag, so a flood of forged keys costs no store
/// reads, while a new key is recognised by every instance the moment it exists. Keys issued before tags existed, or
/// made with no secret, are untagged.
/// </remarks>
public static class ApiKeyFormat
{
    public const string TypePrefix = "trk_";
    public const int PublicIdLength = 12;
    public const int TagLength = 3;
    public const int SecretLength = 22;
    public const int ChecksumLength = 6;
    public const int PrefixLength = 4 + PublicIdLength;
    public const int KeyLength = PrefixLength + SecretLength + ChecksumLength;

    private const int TaggedLength = PrefixLength - TagLength;
    private const string Base62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

    /// <summary>A new key; tagged with the issuer secret when one is given (the service always gives it).</summary>
    public static (string Plaintext, string Prefix) Generate(byte[]? issuerSecret = null)
    {
        string body;
        if (issuerSecret is null)
        {
            body = TypePrefix + RandomNumberGenerator.GetString(Base62, PublicIdLength + SecretLength);
        }
        else
        {
            var tagged = TypePrefix + RandomNumberGenerator.GetString(Base62, PublicIdLength - TagLength);
            Span<char> tag = stackalloc char[TagLength];
            WriteTag(issuerSecret, tagged, tag);
            body = tagged + new string(tag) + RandomNumberGenerator.GetString(Base62, SecretLength);
        }

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

    /// <summary>True when the prefix carries the tag that only the holder of the issuer secret can make.</summary>
    public static bool HasIssuerTag(ReadOnlySpan<char> prefix, byte[] issuerSecret)
    {
        Span<char> expected = stackalloc char[TagLength];
        WriteTag(issuerSecret, prefix[..TaggedLength], expected);
        return CryptographicOperations.FixedTimeEquals(
            System.Runtime.InteropServices.MemoryMarshal.AsBytes(prefix.Slice(TaggedLength, TagLength)),
            System.Runtime.InteropServices.MemoryMarshal.AsBytes((ReadOnlySpan<char>)expected));
    }

    public static string PrefixOf(string wellFormedKey) => wellFormedKey[..PrefixLength];

    public static byte[] Hash(string plaintext)
    {
        Span<byte> ascii = stackalloc byte[KeyLength];
        var written = Encoding.ASCII.GetBytes(plaintext, ascii);
        return SHA256.HashData(ascii[..written]);
    }

    private static void WriteTag(byte[] issuerSecret, ReadOnlySpan<char> tagged, Span<char> destination)
    {
        Span<byte> ascii = stackalloc byte[tagged.Length];
        Encoding.ASCII.GetBytes(tagged, ascii);
        Span<byte> mac = stackalloc byte[HMACSHA256.HashSizeInBytes];
        HMACSHA256.HashData(issuerSecret, ascii, mac);
        var value = (uint)(mac[0] << 16 | mac[1] << 8 | mac[2]);
        for (var i = TagLength - 1; i >= 0; i--)
        {
            destination[i] = Base62[(int)(value % 62)];
            value /= 62;
        }
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
