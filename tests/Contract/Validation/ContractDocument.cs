using System.Text.Json.Nodes;
using Json.Pointer;

namespace TenantRegistry.Contract.Tests.Validation;

/// <summary>The OpenAPI contract as JSON: operation lookup, <c>$ref</c> resolution and its schemas.</summary>
public sealed class ContractDocument
{
    private readonly IReadOnlyList<PathTemplate> paths;

    public ContractDocument(JsonNode root)
    {
        Root = root;
        paths = [.. (root["paths"]?.AsObject() ?? []).Select(entry => new PathTemplate(entry.Key))];
        Schemas = new ContractSchemas(root);
    }

    public static Lazy<ContractDocument> Shared { get; } =
        new(() => Load(Path.Combine(AppContext.BaseDirectory, "spec", "openapi.yaml")));

    public JsonNode Root { get; }

    public ContractSchemas Schemas { get; }

    public static ContractDocument Load(string yamlPath) =>
        new(YamlToJson.Convert(File.ReadAllText(yamlPath)) ?? throw new FormatException($"{yamlPath} is empty."));

    /// <summary>
    /// Finds the operation the way OpenAPI routes: the most literal matching path first, then its method;
    /// null when the path or the method is not in the contract.
    /// </summary>
    public ContractOperation? FindOperation(HttpMethod method, string path)
    {
        var segments = path.Split('/');
        var template = paths.Where(candidate => candidate.Matches(segments))
            .OrderBy(candidate => candidate.Specificity, StringComparer.Ordinal)
            .FirstOrDefault();
        if (template is null)
        {
            return null;
        }

        var operation = new SpecNode(Root, JsonPointer.Empty)
            .Child("paths")?.Child(template.Template)?.Child(method.Method.ToLowerInvariant());
        return operation is null ? null : new ContractOperation(method, template.Template, operation);
    }

    /// <summary>Follows local <c>$ref</c>s such as <c>#/components/responses/NotFound</c> to their target.</summary>
    public SpecNode Resolve(SpecNode node)
    {
        while (node.Node is JsonObject obj && obj["$ref"]?.GetValue<string>() is { } reference)
        {
            var pointer = JsonPointer.Parse(reference);
            if (!pointer.TryEvaluate(Root, out var target) || target is null)
            {
                throw new FormatException($"{node.Pointer}: unresolvable $ref {reference}.");
            }

            node = new SpecNode(target, pointer);
        }

        return node;
    }
}
