using TenantRegistry.Contract.Tests.Validation;

namespace TenantRegistry.Contract.Tests.Hostile;

/// <summary>Every hostile case for every operation of spec/openapi.yaml, found by name.</summary>
internal static class HostileCatalogue
{
    private static readonly Lazy<OrderedDictionary<string, HostileCase>> Cases = new(Generate);

    // Theories carry names, not cases: a string is serializable, so every case is a test of its own in any runner.
    public static IEnumerable<string> Names => Cases.Value.Keys;

    public static HostileCase Find(string name) => Cases.Value[name];

    private static OrderedDictionary<string, HostileCase> Generate()
    {
        var cases = new OrderedDictionary<string, HostileCase>(StringComparer.Ordinal);
        var generated = OperationShapes.All(ContractDocument.Shared.Value).SelectMany(operation =>
            ParameterCases.For(operation).Concat(BodyCases.For(operation)).Concat(PropertyCases.For(operation)).Concat(ProtocolCases.For(operation)));
        foreach (var hostile in generated)
        {
            // Add throws on a second case of the same name, which would otherwise hide one of them.
            cases.Add(hostile.Name, hostile);
        }

        return cases;
    }
}
