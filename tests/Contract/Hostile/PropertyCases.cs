namespace TenantRegistry.Contract.Tests.Hostile;

/// <summary>Good bodies with one property missing or holding a value its schema refuses.</summary>
internal static class PropertyCases
{
    public static IEnumerable<HostileCase> For(OperationShape operation)
    {
        var baseline = new BaselineRequest(operation);
        foreach (var property in operation.Body?.Properties ?? [])
        {
            if (property.Required)
            {
                yield return HostileCase.Of(operation, $"property '{property.Name}' missing",
                    targets => baseline.WithBody(targets, baseline.Body(targets).Without(property.Name).ToJson()));
            }

            foreach (var (label, json) in WrongValues.ForProperty(property.Schema))
            {
                yield return HostileCase.Of(operation, $"property '{property.Name}' {label}",
                    targets => baseline.WithBody(targets, baseline.Body(targets).With(property.Name, json).ToJson()));
            }
        }
    }
}
