using System.Text.Json.Nodes;
using TenantRegistry.Contract.Tests.Validation;

namespace TenantRegistry.Contract.Tests.Hostile;

/// <summary>What one operation of the contract takes as input, with every <c>$ref</c> already followed.</summary>
internal sealed record OperationShape(ContractOperation Operation, IReadOnlyList<ParameterShape> Parameters, BodyShape? Body)
{
    public string Title => $"{Operation.Method} {Operation.PathTemplate}";
}

internal sealed record ParameterShape(string Name, string In, bool Required, JsonObject Schema);

internal sealed record BodyShape(bool Required, IReadOnlyList<PropertyShape> Properties);

internal sealed record PropertyShape(string Name, bool Required, JsonObject Schema);
