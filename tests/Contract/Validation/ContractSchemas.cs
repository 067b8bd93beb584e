using System.Text.Json;
using System.Text.Json.Nodes;
using Json.Pointer;
using Json.Schema;

namespace TenantRegistry.Contract.Tests.Validation;

/// <summary>Evaluates JSON against schemas found anywhere in the contract, by JSON Pointer.</summary>
public sealed class ContractSchemas
{
    private static readonly Uri DocumentUri = new("https://tenant-registry.contract/openapi.yaml");

    private readonly BuildOptions buildOptions;
    private readonly EvaluationOptions evaluationOptions;
    private readonly Dictionary<JsonPointer, JsonSchema> compiled = [];
    private readonly Lock compileLock = new();

    public ContractSchemas(JsonNode document)
    {
        // The whole OpenAPI document is registered (not just components/schemas) so that `#/components/...`
        // references resolve against it exactly as they are written in the spec.
        var registry = new SchemaRegistry();
        // Closed, so a response property the spec does not name is a violation (ClosedSchemas).
        registry.Register(DocumentUri, new JsonElementBaseDocument(JsonSerializer.SerializeToElement(ClosedSchemas.Close(document)), DocumentUri));

        // OpenAPI 3.1 schemas are 2020-12; the library's default dialect (v1/2026) rejects keywords such as
        // `nullable` and `example`. 2020-12 keeps them as annotations, so `nullable: true` never admits null.
        buildOptions = new BuildOptions { SchemaRegistry = registry, Dialect = Dialect.Draft202012 };

        // Unknown formats pass silently even with RequireFormatValidation, and the library knows no int64.
        var formats = new FormatRegistry();
        formats.Register(new PredicateFormat("int64", value => value.ValueKind != JsonValueKind.Number || value.TryGetInt64(out _)));
        evaluationOptions = new EvaluationOptions
        {
            RequireFormatValidation = true,
            FormatRegistry = formats,
            OutputFormat = OutputFormat.List,
        };
    }

    /// <summary>Returns one line per failed keyword, naming the instance location; empty when valid.</summary>
    public IReadOnlyList<string> Evaluate(JsonPointer schema, JsonElement instance)
    {
        var results = Compile(schema).Evaluate(instance, evaluationOptions);
        if (results.IsValid)
        {
            return [];
        }

        var failures = (results.Details ?? []).Prepend(results)
            .SelectMany(node => (node.Errors ?? []).Select(error =>
                $"{Describe(node.InstanceLocation)}: {error.Value} ({error.Key} at {node.SchemaLocation.Fragment})"))
            .ToList();
        return failures.Count > 0 ? failures : [$"{Describe(JsonPointer.Empty)}: does not match {schema}"];
    }

    private static string Describe(JsonPointer location) => location.SegmentCount == 0 ? "(root)" : location.ToString();

    private JsonSchema Compile(JsonPointer pointer)
    {
        // Building registers the new schema in the shared registry, which is not safe to write concurrently.
        lock (compileLock)
        {
            if (!compiled.TryGetValue(pointer, out var schema))
            {
                var reference = new JsonObject { ["$ref"] = $"{DocumentUri}#{pointer}" };
                schema = JsonSchema.Build(JsonSerializer.SerializeToElement(reference), buildOptions);
                compiled.Add(pointer, schema);
            }

            return schema;
        }
    }
}
