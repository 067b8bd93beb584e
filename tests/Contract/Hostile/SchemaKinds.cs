using System.Text.Json.Nodes;

namespace TenantRegistry.Contract.Tests.Hostile;

/// <summary>The JSON kind a schema asks for: string, number, boolean, object or array.</summary>
internal static class SchemaKinds
{
    public static readonly IReadOnlyList<string> All = ["string", "number", "boolean", "object", "array"];

    // Without a type the generator cannot tell a wrong value from a right one, so such a schema is refused.
    public static string Of(JsonObject schema) => (string?)schema["type"] switch
    {
        "integer" or "number" => "number",
        { } type when All.Contains(type) => type,
        var type => throw new NotSupportedException($"cannot generate values for a schema of type '{type}': {schema.ToJsonString()}"),
    };
}
