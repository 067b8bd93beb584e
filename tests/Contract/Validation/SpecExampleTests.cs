using System.Text.Json;
using System.Text.Json.Nodes;
using Json.Pointer;

namespace TenantRegistry.Contract.Tests.Validation;

/// <summary>
/// The /docs page fills its sample request bodies from the spec's examples: every operation that takes a JSON body
/// has one, and each example is valid against the schema it illustrates.
/// </summary>
public sealed class SpecExampleTests
{
    private static readonly ContractDocument Document = ContractDocument.Shared.Value;

    public static TheoryData<string> OperationsWithBodies()
    {
        var operations = new TheoryData<string>();
        foreach (var (path, item) in Document.Root["paths"]!.AsObject())
        {
            foreach (var (method, operation) in item!.AsObject())
            {
                if (operation?["requestBody"] is not null)
                {
                    operations.Add($"{method.ToUpperInvariant()} {path}");
                }
            }
        }

        return operations;
    }

    [Theory]
    [MemberData(nameof(OperationsWithBodies))]
    public void Every_request_body_has_an_example_that_its_schema_accepts(string operation)
    {
        var (method, path) = (operation.Split(' ')[0].ToLowerInvariant(), operation.Split(' ')[1]);
        var body = new SpecNode(Document.Root, JsonPointer.Empty).Child("paths")!.Child(path)!.Child(method)!;
        var schema = Document.Resolve(Document.Resolve(body.Child("requestBody")!).Child("content")!.Child("application/json")!.Child("schema")!);

        var example = schema.Node["example"];

        Assert.True(example is JsonObject, $"{operation}: the request body schema at {schema.Pointer} has no example object");
        Assert.Empty(Document.Schemas.Evaluate(schema.Pointer, JsonSerializer.SerializeToElement(example)));
    }
}
