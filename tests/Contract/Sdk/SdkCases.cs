namespace TenantRegistry.Contract.Tests.Sdk;

/// <summary>
/// The SDK calls generated from the contract: every operation with its required inputs, and once more for each
/// optional parameter and optional body property, set to a value that a wrong serialisation would break. A new
/// operation, parameter or property in the spec gets its case without any test change.
/// </summary>
internal static class SdkCases
{
    public static IEnumerable<string> Names => All.Keys;

    /// <summary>
    /// Operations that answer 404 for an input naming something that does not exist. An operation without inputs
    /// (GET /metrics, 404 only on a port it is not served on) names nothing that could be missing.
    /// </summary>
    public static IEnumerable<string> NotFoundNames => SdkOperations.All
        .Where(operation => operation.Statuses.Contains("404") && (operation.Parameters.Count > 0 || operation.Body is not null))
        .Select(operation => operation.OperationId);

    public static (SdkOperation Operation, SdkInput? Optional) Find(string name) => All[name];

    private static Dictionary<string, (SdkOperation Operation, SdkInput? Optional)> All { get; } = SdkOperations.All
        .SelectMany(operation => new (SdkOperation, SdkInput?)[] { (operation, null) }
            .Concat(operation.Parameters.Concat(operation.Body?.Properties ?? [])
                .Where(input => !input.Required)
                .Select(input => (operation, (SdkInput?)input))))
        .ToDictionary(
            entry => entry.Item2 is { } optional ? $"{entry.Item1.OperationId} with {optional.In} {optional.Name}" : entry.Item1.OperationId,
            entry => entry);
}
