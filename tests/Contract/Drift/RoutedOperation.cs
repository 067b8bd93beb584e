using System.Text.Json.Nodes;

namespace TenantRegistry.Contract.Tests.Drift;

/// <summary>
/// One operation of an OpenAPI document, reduced to what routing decides: method, path, parameters and whether it
/// takes a body. Read the same way from the contract and from the routed document, so the two compare.
/// </summary>
public sealed record RoutedOperation(string Method, string Path, string Name, IReadOnlyList<string> Parameters, string Body)
{
    private static readonly string[] Methods = ["get", "put", "post", "delete", "options", "head", "patch", "trace"];

    public string Key => $"{Method} {Path}";

    public override string ToString() => $"{Name} ({Key})";

    /// <summary>Every operation of <paramref name="document"/>; <c>$ref</c>s to shared parameters are followed.</summary>
    public static IReadOnlyList<RoutedOperation> AllOf(JsonNode document)
    {
        var operations = new List<RoutedOperation>();
        foreach (var (path, item) in document["paths"]?.AsObject() ?? [])
        {
            var shared = item?["parameters"]?.AsArray() ?? [];
            foreach (var method in Methods)
            {
                if (item?[method] is not JsonObject operation)
                {
                    continue;
                }

                var parameters = shared.Concat(operation["parameters"]?.AsArray() ?? [])
                    .Select(parameter => Describe(Resolve(document, parameter)))
                    .Order(StringComparer.Ordinal)
                    .ToList();
                var key = $"{method.ToUpperInvariant()} {path}";
                var name = operation["operationId"]?.GetValue<string>() ?? $"an operation without operationId, tagged {Tags(operation)}";
                operations.Add(new RoutedOperation(method.ToUpperInvariant(), path, name, parameters, BodyOf(document, operation)));
            }
        }

        return operations;
    }

    private static string Describe(JsonNode? parameter) =>
        $"{parameter?["in"]} '{parameter?["name"]}'" + (parameter?["required"]?.GetValue<bool>() == true ? " (required)" : " (optional)");

    private static string BodyOf(JsonNode document, JsonObject operation) =>
        Resolve(document, operation["requestBody"]) switch
        {
            null => "no body",
            var body when body["required"]?.GetValue<bool>() == true => "a required body",
            _ => "an optional body",
        };

    private static string Tags(JsonObject operation) =>
        string.Join(", ", (operation["tags"]?.AsArray() ?? []).Select(tag => tag?.GetValue<string>()));

    private static JsonNode? Resolve(JsonNode document, JsonNode? node)
    {
        while (node?["$ref"]?.GetValue<string>() is { } reference)
        {
            node = reference.TrimStart('#').Split('/', StringSplitOptions.RemoveEmptyEntries)
                .Aggregate((JsonNode?)document, (current, segment) => current?[segment.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal)]);
        }

        return node;
    }
}
