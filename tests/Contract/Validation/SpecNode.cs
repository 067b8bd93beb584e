using System.Text.Json.Nodes;
using Json.Pointer;

namespace TenantRegistry.Contract.Tests.Validation;

/// <summary>A node of the contract together with where it sits, because schemas are compiled by their pointer.</summary>
public sealed record SpecNode(JsonNode Node, JsonPointer Pointer)
{
    public SpecNode? Child(string name) =>
        Node is JsonObject obj && obj[name] is { } child ? new SpecNode(child, Pointer.Combine(name)) : null;
}
