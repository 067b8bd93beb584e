using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace TenantRegistry.Contract.Tests.Hostile;

/// <summary>Values a schema accepts, for the good parts of a hostile request.</summary>
internal static class ValidValues
{
    /// <summary>Raw JSON for a body property.</summary>
    public static string Json(JsonObject schema, string subject, HostileTargets targets) => SchemaKinds.Of(schema) switch
    {
        "boolean" => "false",
        "array" => "[]",
        "object" => "{}",
        "number" => Text(schema, subject, targets),
        _ => JsonSerializer.Serialize(Text(schema, subject, targets)),
    };

    /// <summary>Plain text, as a parameter carries it.</summary>
    public static string Text(JsonObject schema, string subject, HostileTargets targets)
    {
        if (schema["enum"] is JsonArray members)
        {
            return (string)members[0]!;
        }

        return (SchemaKinds.Of(schema), (string?)schema["format"]) switch
        {
            ("number", _) => schema["minimum"]?.ToJsonString() ?? "1",
            (_, "uuid") => targets.IdFor(subject).ToString(),
            (_, "date") => "2026-06-01",
            (_, "date-time") => "2026-06-01T00:00:00Z",
            _ when (string?)schema["pattern"] is { } pattern => FreshMatch(pattern),
            _ => "hostile",
        };
    }

    // Fresh every time, because patterned strings are slugs, and a slug taken by an earlier case is a 409.
    private static string FreshMatch(string pattern)
    {
        var candidate = "h" + Guid.NewGuid().ToString("N")[..12];
        return Regex.IsMatch(candidate, pattern)
            ? candidate
            : throw new NotSupportedException($"no generated value matches the pattern {pattern}");
    }
}
