using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace TenantRegistry.Contract.Tests.Hostile;

/// <summary>Values a schema must refuse, each with a label that says what is wrong with it.</summary>
internal static class WrongValues
{
    public const int LongStringLength = 100_000;
    public const int NestingDepth = 10_000;
    private const string Overflow = "99999999999999999999";

    private static readonly IReadOnlyDictionary<string, string> OneOfEachKind = new Dictionary<string, string>
    {
        ["string"] = "\"hostile\"",
        ["number"] = "42",
        ["boolean"] = "true",
        ["object"] = """{"hostile":true}""",
        ["array"] = """["hostile"]""",
    };

    /// <summary>Raw JSON values for a body property.</summary>
    public static IEnumerable<(string Label, string Json)> ForProperty(JsonObject schema)
    {
        var kind = SchemaKinds.Of(schema);
        foreach (var other in SchemaKinds.All.Where(other => other != kind))
        {
            yield return ($"as {other}", OneOfEachKind[other]);
        }

        var invalid = kind switch
        {
            "string" => InvalidStrings(schema, inUri: false).Select(bad => (bad.Label, JsonSerializer.Serialize(bad.Text))),
            "number" => InvalidNumbers(schema),
            _ => [],
        };
        foreach (var bad in invalid)
        {
            yield return bad;
        }

        if (kind == "array" && schema["items"] is JsonObject items)
        {
            var wrong = SchemaKinds.All.First(other => other != SchemaKinds.Of(items));
            yield return ($"with an item as {wrong}", $"[{OneOfEachKind[wrong]}]");
        }

        yield return ($"nested {NestingDepth} arrays deep", new string('[', NestingDepth) + new string(']', NestingDepth));
    }

    /// <summary>Plain text for a parameter.</summary>
    public static IEnumerable<(string Label, string Text)> ForParameter(JsonObject schema) => SchemaKinds.Of(schema) switch
    {
        "number" => [Equal("abc"), .. InvalidNumbers(schema)],
        "string" => InvalidStrings(schema, inUri: true),
        _ => [],
    };

    /// <summary>
    /// Plain text for a header parameter: what <see cref="ForParameter"/> gives, and, since a header is not a URI,
    /// values below minLength (but not empty) and characters outside the schema's pattern (control, non-ASCII, DEL).
    /// </summary>
    public static IEnumerable<(string Label, string Text)> ForHeader(JsonObject schema)
    {
        foreach (var bad in ForParameter(schema))
        {
            yield return bad;
        }

        if (SchemaKinds.Of(schema) != "string")
        {
            yield break;
        }

        // Not down to zero characters: the in-memory test transport drops a header without a value before it arrives.
        if (Bound(schema, "minLength") is { } minLength && minLength > 1)
        {
            var length = (int)minLength - 1;
            yield return ($"of {length} characters (minLength {minLength})", new string('x', length));
        }

        if ((string?)schema["pattern"] is { } pattern)
        {
            foreach (var text in new[] { "tab\there", "caf\u00e9", "del\u007f" }.Where(text => !Regex.IsMatch(text, pattern)))
            {
                yield return Equal(text);
            }
        }
    }

    // 100,000 characters in a URI only measure the host's request-line limit, not the operation.
    private static IEnumerable<(string Label, string Text)> InvalidStrings(JsonObject schema, bool inUri)
    {
        var bad = new List<string>();
        if (schema["enum"] is not null)
        {
            // "1" as well: an enum converter that takes member indexes takes it as the second member.
            bad.AddRange(["not-a-member", "1"]);
        }

        bad.AddRange((string?)schema["format"] switch
        {
            "uuid" => ["not-a-uuid", "12345", "../../etc"],
            "date" or "date-time" => ["2026-13-45", "yesterday"],
            _ => [],
        });
        if ((string?)schema["pattern"] is { } pattern)
        {
            bad.AddRange(new[] { "../../etc", "Not A Match!" }.Where(text => !Regex.IsMatch(text, pattern)));
        }

        foreach (var text in bad)
        {
            yield return Equal(text);
        }

        if (Bound(schema, "maxLength") is { } maxLength)
        {
            var length = (int)maxLength + 1;
            yield return ($"of {length} characters (maxLength {maxLength})", new string('x', length));
        }

        if (!inUri)
        {
            yield return ($"of {LongStringLength} characters", new string('x', LongStringLength));
        }
    }

    private static IEnumerable<(string Label, string Text)> InvalidNumbers(JsonObject schema)
    {
        yield return Equal(Overflow);
        if (Bound(schema, "minimum") is { } minimum)
        {
            yield return Equal((minimum - 1).ToString(CultureInfo.InvariantCulture));
            if (minimum > 0)
            {
                yield return Equal("-1");
            }
        }

        if (Bound(schema, "maximum") is { } maximum)
        {
            yield return Equal((maximum + 1).ToString(CultureInfo.InvariantCulture));
        }
    }

    private static (string Label, string Text) Equal(string text) => ($"= '{text}'", text);

    private static decimal? Bound(JsonObject schema, string keyword) =>
        schema[keyword] is { } bound ? decimal.Parse(bound.ToJsonString(), CultureInfo.InvariantCulture) : null;
}
