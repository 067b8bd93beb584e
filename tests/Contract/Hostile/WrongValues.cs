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

    /// <summary>Over Kestrel's default request-line limit (8 KiB) and the service's parameter bound, under its own line limit.</summary>
    public const int LongUriValueLength = 16 * 1024;
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
            "string" => InvalidStrings(schema, inUri: false).Select(bad => (bad.Label, JsonSerializer.Serialize(bad.Text)))
                // Issue 16, class 1: text neither store can keep the same way. Written escaped, as a client would.
                .Append(("with an unpaired surrogate", "\"hostile\\ud800\"")),
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
        "number" => [Equal("abc"), .. InvalidNumbers(schema), .. OtherNotations(schema)],
        "string" => InvalidStrings(schema, inUri: true),
        _ => [],
    };

    /// <summary>
    /// Issue 16, class 3: integers written in anything but plain decimal digits, and given empty. Each is a number
    /// a lenient parser reads (a sign, spaces, hexadecimal, a fraction or exponent of a whole number, other digits).
    /// </summary>
    private static IEnumerable<(string Label, string Text)> OtherNotations(JsonObject schema)
    {
        if ((string?)schema["type"] != "integer")
        {
            yield break;
        }

        var valid = schema["minimum"]?.ToJsonString() is { } minimum && minimum != "0" ? minimum : "5";
        yield return ("given empty", "");
        foreach (var text in new[] { $"+{valid}", $" {valid}", $"{valid} ", $"0x{valid}", $"{valid}.0", $"{valid}e0", $"{valid}_0", "\u0665" })
        {
            yield return Equal(text);
        }
    }

    /// <summary>A query value a parameter does not take, for a name that must not be matched (another case of it).</summary>
    public static string RefusedBy(JsonObject schema) => ForParameter(schema).Select(bad => bad.Text).FirstOrDefault(text => text.Length > 0) ?? "hostile";

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

    // In a URI, 100,000 characters would only measure the host's request-line limit (ProtocolCases does that once per
    // operation); URI values are over Kestrel's default line limit instead, which the service raised to answer itself.
    private static IEnumerable<(string Label, string Text)> InvalidStrings(JsonObject schema, bool inUri)
    {
        var bad = new List<string>();
        if (schema["enum"] is JsonArray members)
        {
            // "1" as well: an enum converter that takes member indexes takes it as the second member. Issue 16,
            // class 4: a member with space around it or in another case is not the member.
            var member = (string)members[0]!;
            bad.AddRange(["not-a-member", "1", $" {member}", $"{member} ", $"\t{member}", char.ToUpperInvariant(member[0]) + member[1..]]);
        }

        bad.AddRange((string?)schema["format"] switch
        {
            // Issue 16: a uuid in braces or without hyphens is a uuid to Guid.Parse, but not in the contract's form.
            "uuid" => ["not-a-uuid", "12345", "../../etc", "{3f1c2a9e-5b7d-4e21-9c0a-6d8e2f4b1a77}", "3f1c2a9e5b7d4e219c0a6d8e2f4b1a77"],
            "date" or "date-time" => ["2026-13-45", "yesterday"],
            _ => [],
        });

        // Issue 16, class 2 (given empty) where the schema refuses the empty string.
        if (inUri && (schema["enum"] is not null || schema["format"] is not null || Bound(schema, "minLength") > 0
                || (string?)schema["pattern"] is { } anchored && !Regex.IsMatch("", anchored)))
        {
            yield return ("given empty", "");
        }
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

        yield return inUri
            ? ($"of {LongUriValueLength} characters", new string('x', LongUriValueLength))
            : ($"of {LongStringLength} characters", new string('x', LongStringLength));

        // Issue 16, class 1: PostgreSQL cannot store a NUL, so no string anywhere may hold one.
        yield return ("with a NUL character", "hostile\0");
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
