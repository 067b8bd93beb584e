using System.Text.Json.Nodes;
using Json.Pointer;
using TenantRegistry.Contract.Tests.Validation;

namespace TenantRegistry.Contract.Tests.Sdk;

/// <summary>One operation of the contract as the SDK must offer it, every <c>$ref</c> followed.</summary>
internal sealed record SdkOperation(
    string OperationId, string Tag, HttpMethod Method, string PathTemplate,
    IReadOnlyList<SdkInput> Parameters, SdkBody? Body, IReadOnlySet<string> Statuses)
{
    public string Title => $"{Method} {PathTemplate} ({OperationId})";
}

/// <summary>A parameter (<c>In</c> is path, query or header) or a body property (<c>In</c> is body).</summary>
internal sealed record SdkInput(string Name, string In, bool Required, JsonObject Schema);

internal sealed record SdkBody(bool Required, IReadOnlyList<SdkInput> Properties);

/// <summary>Reads the operations from spec/openapi.yaml; an input the suite cannot drive is refused loudly.</summary>
internal static class SdkOperations
{
    private static readonly string[] Methods = ["get", "put", "post", "delete", "patch"];
    private static readonly string[] Locations = ["path", "query", "header"];

    public static IReadOnlyList<SdkOperation> All { get; } = [.. Read(ContractDocument.Shared.Value)];

    public static SdkOperation Find(string operationId) => All.Single(operation => operation.OperationId == operationId);

    private static IEnumerable<SdkOperation> Read(ContractDocument document)
    {
        var paths = document.Root["paths"]!.AsObject();
        foreach (var (template, node) in paths)
        {
            var pathItem = Resolved(document, node!);
            var shared = pathItem["parameters"]?.AsArray() ?? [];
            foreach (var method in Methods.Where(pathItem.ContainsKey))
            {
                var operation = pathItem[method]!.AsObject();
                var title = $"{method.ToUpperInvariant()} {template}";
                var operationId = (string?)operation["operationId"] ?? throw new NotSupportedException($"{title} has no operationId");
                var tag = (string?)operation["tags"]?[0] ?? throw new NotSupportedException($"{title} has no tag, so the SDK has no client for it");
                var parameters = shared.Concat(operation["parameters"]?.AsArray() ?? [])
                    .Select(parameter => Parameter(document, title, Resolved(document, parameter!)))
                    .ToList();
                var body = operation["requestBody"] is { } requestBody ? Body(document, title, Resolved(document, requestBody)) : null;
                var statuses = (operation["responses"]?.AsObject() ?? []).Select(response => response.Key).ToHashSet();
                yield return new SdkOperation(operationId, tag, HttpMethod.Parse(method), template, parameters, body, statuses);
            }
        }
    }

    private static SdkInput Parameter(ContractDocument document, string title, JsonObject parameter)
    {
        var name = (string)parameter["name"]!;
        var location = (string)parameter["in"]!;
        if (!Locations.Contains(location))
        {
            throw new NotSupportedException($"{title}: the SDK suite does not drive {location} parameters ('{name}') yet");
        }

        return new SdkInput(name, location, location == "path" || ((bool?)parameter["required"] ?? false), Resolved(document, parameter["schema"]!));
    }

    private static SdkBody Body(ContractDocument document, string title, JsonObject requestBody)
    {
        var schema = Resolved(document, requestBody["content"]?["application/json"]?["schema"]
            ?? throw new NotSupportedException($"{title}: only application/json bodies are driven"));
        if ((string?)schema["type"] != "object")
        {
            throw new NotSupportedException($"{title}: only object bodies are driven");
        }

        var required = (schema["required"]?.AsArray() ?? []).Select(name => (string)name!).ToHashSet();
        var properties = (schema["properties"]?.AsObject() ?? [])
            .Select(property => new SdkInput(property.Key, "body", required.Contains(property.Key), Resolved(document, property.Value!)))
            .ToList();
        return new SdkBody((bool?)requestBody["required"] ?? false, properties);
    }

    private static JsonObject Resolved(ContractDocument document, JsonNode node) =>
        document.Resolve(new SpecNode(node, JsonPointer.Empty)).Node.AsObject();
}
