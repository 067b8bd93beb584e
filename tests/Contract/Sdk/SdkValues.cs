using System.Text.Json.Nodes;

namespace TenantRegistry.Contract.Tests.Sdk;

/// <summary>
/// A good value for each input, chosen to break a wrong serialisation: timestamps with a non-UTC offset and seven
/// fractional digits, text with every character a query string or path must escape, 64-bit integers beyond what a
/// double holds, the largest page size the spec allows.
/// </summary>
internal static class SdkValues
{
    public const string AwkwardText = "a+b c&d=e/f?g#h%i é";
    public const string AwkwardTimestamp = "2026-03-14T15:09:26.5358979+05:30";

    /// <summary>As awkward, but a month ahead: a body's expires_at must lie in the future.</summary>
    public static string AwkwardFutureTimestamp { get; } =
        DateTimeOffset.UtcNow.AddDays(30).ToOffset(TimeSpan.FromMinutes(330)).ToString("yyyy-MM-dd'T'HH:mm:ss'.'fffffffzzz", System.Globalization.CultureInfo.InvariantCulture);
    public const string Date = "2026-02-28";
    public const long BeyondDouble = 9_007_199_254_740_993;

    public static JsonNode Json(SdkInput input, string subject, SdkTargets targets)
    {
        var schema = input.Schema;
        if (schema["enum"] is JsonArray members)
        {
            return members[0]!.DeepClone();
        }

        return ((string?)schema["type"], (string?)schema["format"]) switch
        {
            ("string", "uuid") => JsonValue.Create(targets.IdFor(subject).ToString()),
            ("string", "date-time") => JsonValue.Create(input.Name == "expires_at" ? AwkwardFutureTimestamp : AwkwardTimestamp),
            ("string", "date") => JsonValue.Create(Date),
            ("string", _) => JsonValue.Create(Text(input, targets)),
            ("integer", var format) => JsonValue.Create((long?)schema["maximum"] ?? (format == "int64" ? BeyondDouble : 7)),
            ("boolean", _) => JsonValue.Create(true),
            ("array", _) => new JsonArray(Json(input with { Schema = schema["items"]!.AsObject() }, subject, targets)),
            ("object", _) => new JsonObject { ["note"] = AwkwardText },
            var (type, format) => throw new NotSupportedException($"no SDK value for '{input.Name}' of type {type} ({format})"),
        };
    }

    // A path or query string names something that exists; a patterned string in a body is a new slug.
    private static string Text(SdkInput input, SdkTargets targets) => (input.Name, input.In) switch
    {
        ("slug", "body") => "sdk-" + Guid.NewGuid().ToString("N")[..16],
        ("slug", _) => targets.TenantSlug,
        ("product", _) => targets.TrialProduct,
        ("key", "body") => targets.KeyPlaintext,
        ("cursor", "query") => targets.TenantCursor,
        // Header values are ASCII; fresh, because a header such as Idempotency-Key must not repeat across cases.
        (_, "header") => $"sdk+{Guid.NewGuid():N}/=",
        _ when input.Schema["pattern"] is not null => throw new NotSupportedException($"no SDK value for the patterned '{input.Name}'"),
        _ => AwkwardText,
    };
}
