using System.Text.Json.Nodes;
using Json.Pointer;
using TenantRegistry.Contract.Tests.Validation;

namespace TenantRegistry.Contract.Tests.Hostile;

/// <summary>
/// Reads every operation's inputs from the contract. Whatever the generator cannot turn into hostile cases is
/// refused loudly, so a new kind of input in the spec can never silently go untested.
/// </summary>
internal static class OperationShapes
{
    private const string Json = "application/json";
    private static readonly string[] Methods = ["get", "put", "post", "delete", "patch", "head", "options", "trace"];
    private static readonly string[] Locations = ["path", "query", "header"];
    private static readonly string[] Compositions = ["allOf", "anyOf", "oneOf"];

    public static IEnumerable<OperationShape> All(ContractDocument document)
    {
        var paths = new SpecNode(document.Root, JsonPointer.Empty).Child("paths")
            ?? throw new FormatException("the contract has no paths");
        foreach (var template in paths.Node.AsObject().Select(entry => entry.Key))
        {
            var pathItem = document.Resolve(paths.Child(template)!);
            if (pathItem.Child("parameters") is not null)
            {
                throw new NotSupportedException($"{template}: path-level parameters are not generated yet");
            }

            foreach (var method in Methods)
            {
                if (pathItem.Child(method) is { } node)
                {
                    yield return Read(document, new ContractOperation(HttpMethod.Parse(method), template, node));
                }
            }
        }
    }

    private static OperationShape Read(ContractDocument document, ContractOperation operation)
    {
        var title = $"{operation.Method} {operation.PathTemplate}";
        var parameters = (operation.Node.Node["parameters"]?.AsArray() ?? [])
            .Select(node => Parameter(document, title, Resolved(document, node!)))
            .ToList();
        var body = operation.Node.Node["requestBody"] is { } requestBody ? Body(document, title, Resolved(document, requestBody)) : null;
        return new OperationShape(operation, parameters, body);
    }

    private static ParameterShape Parameter(ContractDocument document, string title, JsonObject parameter)
    {
        var name = (string)parameter["name"]!;
        var location = (string)parameter["in"]!;
        if (!Locations.Contains(location))
        {
            throw new NotSupportedException($"{title}: {location} parameter '{name}' is not generated yet");
        }

        return new ParameterShape(name, location, (bool?)parameter["required"] ?? false, Resolved(document, parameter["schema"]!));
    }

    private static BodyShape Body(ContractDocument document, string title, JsonObject requestBody)
    {
        var schemaNode = requestBody["content"]?[Json]?["schema"]
            ?? throw new NotSupportedException($"{title}: only {Json} request bodies are generated");
        var schema = Resolved(document, schemaNode);
        if ((string?)schema["type"] != "object" || Compositions.Any(schema.ContainsKey))
        {
            throw new NotSupportedException($"{title}: only plain object request bodies are generated");
        }

        var required = (schema["required"]?.AsArray() ?? []).Select(name => (string)name!).ToHashSet();
        var properties = (schema["properties"]?.AsObject() ?? [])
            .Select(property => new PropertyShape(property.Key, required.Contains(property.Key), Resolved(document, property.Value!)))
            .ToList();
        return new BodyShape((bool?)requestBody["required"] ?? false, properties);
    }

    private static JsonObject Resolved(ContractDocument document, JsonNode node) =>
        document.Resolve(new SpecNode(node, JsonPointer.Empty)).Node.AsObject();
}
