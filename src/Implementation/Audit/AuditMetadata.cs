using System.Text;
using System.Text.Json;

namespace TenantRegistry.Audit;

/// <summary>
/// The bounds on an event's metadata: a JSON object of at most 64 KiB as sent and at most 10 levels deep. It also
/// refuses what only one store could keep, so that both stores answer alike: duplicate keys (jsonb keeps the last,
/// SQLite's text keeps both), NUL characters and unpaired surrogates (jsonb rejects them), numbers beyond a 64-bit
/// float (jsonb expands 1e400 to 401 digits and overflows further out).
/// </summary>
internal static class AuditMetadata
{
    public const int MaxBytes = 64 * 1024;
    public const int MaxDepth = 10;

    /// <summary>The problem in wire terms, or null when the metadata may be stored.</summary>
    public static string? Problem(object? metadata) => metadata switch
    {
        null => null,
        JsonElement { ValueKind: JsonValueKind.Object } element when Encoding.UTF8.GetByteCount(element.GetRawText()) > MaxBytes =>
            $"metadata is larger than {MaxBytes} bytes",
        JsonElement { ValueKind: JsonValueKind.Object } element => ContentProblem(element),
        _ => "metadata must be a JSON object",
    };

    /// <summary>The metadata as the client wrote it; only valid after <see cref="Problem"/> found nothing.</summary>
    public static string? ToStoredText(object? metadata) => metadata is JsonElement element ? element.GetRawText() : null;

    private static string? ContentProblem(JsonElement metadata)
    {
        try
        {
            return ValueProblem(metadata, depth: 1);
        }
        catch (InvalidOperationException)
        {
            // JsonElement throws when a string or key holds an escaped surrogate without its partner.
            return "metadata contains an invalid \\u escape";
        }
    }

    private static string? ValueProblem(JsonElement value, int depth) => value.ValueKind switch
    {
        JsonValueKind.Object or JsonValueKind.Array when depth > MaxDepth => $"metadata is nested deeper than {MaxDepth} levels",
        JsonValueKind.Object => ObjectProblem(value, depth),
        JsonValueKind.Array => value.EnumerateArray().Select(item => ValueProblem(item, depth + 1)).FirstOrDefault(problem => problem is not null),
        JsonValueKind.String => TextProblem(value.GetString()!),
        JsonValueKind.Number => NumberProblem(value),
        _ => null,
    };

    private static string? ObjectProblem(JsonElement value, int depth)
    {
        var keys = new HashSet<string>(StringComparer.Ordinal);
        foreach (var property in value.EnumerateObject())
        {
            if (!keys.Add(property.Name))
            {
                return $"metadata has the key '{property.Name}' twice in one object";
            }

            if ((TextProblem(property.Name) ?? ValueProblem(property.Value, depth + 1)) is { } problem)
            {
                return problem;
            }
        }

        return null;
    }

    private static string? TextProblem(string text) =>
        text.Contains('\0', StringComparison.Ordinal) ? "metadata must not contain NUL (\\u0000) characters" : null;

    private static string? NumberProblem(JsonElement number)
    {
        var parsed = number.GetDouble();
        var mantissa = number.GetRawText().Split('e', 'E')[0];
        var underflows = parsed == 0 && mantissa.Any(digit => digit is >= '1' and <= '9');
        return double.IsFinite(parsed) && !underflows ? null : $"metadata holds the number {Abbreviate(number.GetRawText())}, beyond the range of a 64-bit float";
    }

    private static string Abbreviate(string text) => text.Length <= 32 ? text : text[..32] + "...";
}
