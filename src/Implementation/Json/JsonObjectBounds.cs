using System.Text;
using System.Text.Json;
using TenantRegistry.Input;

namespace TenantRegistry.Json;

/// <summary>
/// The bounds on a free-form JSON object the service stores (an audit event's metadata, an entitlement's config): at
/// most 64 KiB as sent and at most 10 levels deep. It also
/// refuses what only one store could keep, so that both stores answer alike: duplicate keys (jsonb keeps the last,
/// SQLite's text keeps both), NUL characters and unpaired surrogates (jsonb rejects them), numbers beyond a 64-bit
/// float (jsonb expands 1e400 to 401 digits and overflows further out).
/// </summary>
public static class JsonObjectBounds
{
    public const int MaxBytes = 64 * 1024;
    public const int MaxDepth = 10;

    /// <summary>The problem in wire terms, naming the field, or null when the object may be stored.</summary>
    public static string? Problem(object? value, string field) => value switch
    {
        null => null,
        JsonElement { ValueKind: JsonValueKind.Object } element when Encoding.UTF8.GetByteCount(element.GetRawText()) > MaxBytes =>
            $"{field} is larger than {MaxBytes} bytes",
        JsonElement { ValueKind: JsonValueKind.Object } element => ContentProblem(element, field),
        _ => $"{field} must be a JSON object",
    };

    /// <summary>The object as the client wrote it; only valid after <see cref="Problem"/> found nothing.</summary>
    public static string? ToStoredText(object? value) => value is JsonElement element ? element.GetRawText() : null;

    private static string? ContentProblem(JsonElement value, string field)
    {
        try
        {
            return ValueProblem(value, depth: 1, field);
        }
        catch (InvalidOperationException)
        {
            // JsonElement throws when a string or key holds an escaped surrogate without its partner.
            return $"{field} contains an invalid \\u escape";
        }
    }

    private static string? ValueProblem(JsonElement value, int depth, string field) => value.ValueKind switch
    {
        JsonValueKind.Object or JsonValueKind.Array when depth > MaxDepth => $"{field} is nested deeper than {MaxDepth} levels",
        JsonValueKind.Object => ObjectProblem(value, depth, field),
        JsonValueKind.Array => value.EnumerateArray().Select(item => ValueProblem(item, depth + 1, field)).FirstOrDefault(problem => problem is not null),
        JsonValueKind.String => TextProblem(value.GetString()!, field),
        JsonValueKind.Number => NumberProblem(value, field),
        _ => null,
    };

    private static string? ObjectProblem(JsonElement value, int depth, string field)
    {
        var keys = new HashSet<string>(StringComparer.Ordinal);
        foreach (var property in value.EnumerateObject())
        {
            if (!keys.Add(property.Name))
            {
                return $"{field} has the key '{property.Name}' twice in one object";
            }

            if ((TextProblem(property.Name, field) ?? ValueProblem(property.Value, depth + 1, field)) is { } problem)
            {
                return problem;
            }
        }

        return null;
    }

    private static string? TextProblem(string text, string field) =>
        InputText.IsStorable(text) ? null : InputText.RefusalFor(field);

    private static string? NumberProblem(JsonElement number, string field)
    {
        var parsed = number.GetDouble();
        var mantissa = number.GetRawText().Split('e', 'E')[0];
        var underflows = parsed == 0 && mantissa.Any(digit => digit is >= '1' and <= '9');
        return double.IsFinite(parsed) && !underflows ? null : $"{field} holds the number {Abbreviate(number.GetRawText())}, beyond the range of a 64-bit float";
    }

    private static string Abbreviate(string text) => text.Length <= 32 ? text : text[..32] + "...";
}
