using System.Text.Json.Nodes;
using Json.Pointer;

namespace TenantRegistry.Contract.Tests.Validation;

/// <summary>
/// The contract's schemas closed for checking responses: a response property the schema does not name fails,
/// unless the schema says otherwise itself (<c>additionalProperties</c>, as a free-form <c>config</c> or
/// <c>metadata</c> does). JSON Schema lets unnamed properties through by default, so a leaked <c>secret_hash</c>
/// would pass. A schema composed with <c>allOf</c> is closed where it is composed (<c>unevaluatedProperties</c>
/// sees the properties of every part); its parts stay open, or each would refuse the others' properties.
/// </summary>
internal static class ClosedSchemas
{
    private static readonly string[] NotSchemas = ["example", "examples"];

    public static JsonNode Close(JsonNode document)
    {
        var closed = document.DeepClone();
        var parts = new HashSet<JsonObject>(ReferenceEqualityComparer.Instance);
        var partReferences = new HashSet<string>(StringComparer.Ordinal);
        Visit(closed, node =>
        {
            foreach (var part in (node["allOf"] as JsonArray ?? []).OfType<JsonObject>())
            {
                if (part["$ref"]?.GetValue<string>() is { } reference)
                {
                    partReferences.Add(reference);
                }
                else
                {
                    parts.Add(part);
                }
            }
        });

        foreach (var reference in partReferences)
        {
            if (JsonPointer.Parse(reference).TryEvaluate(closed, out var target) && target is JsonObject part)
            {
                parts.Add(part);
            }
        }

        Visit(closed, node =>
        {
            var describesObject = node["properties"] is JsonObject || node["allOf"] is JsonArray;
            if (describesObject && !parts.Contains(node) && !node.ContainsKey("additionalProperties") && !node.ContainsKey("unevaluatedProperties"))
            {
                node["unevaluatedProperties"] = false;
            }
        });
        return closed;
    }

    private static void Visit(JsonNode? node, Action<JsonObject> visit)
    {
        switch (node)
        {
            case JsonObject json:
                visit(json);
                foreach (var (name, child) in json.ToList())
                {
                    if (!NotSchemas.Contains(name))
                    {
                        Visit(child, visit);
                    }
                }

                break;
            case JsonArray array:
                foreach (var item in array)
                {
                    Visit(item, visit);
                }

                break;
        }
    }
}
