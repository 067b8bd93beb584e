using System.Text.Json.Nodes;

namespace TenantRegistry.Contract.Tests.Drift;

/// <summary>
/// The differences between the operations the contract lists and those the app routes, each a sentence naming the
/// operation: an endpoint the spec does not know, a spec operation without an endpoint, and, for operations in both,
/// a parameter or a request body that only one side has.
/// </summary>
public static class ContractDrift
{
    /// <summary>
    /// What the contract declares that the pipeline serves before any endpoint, so no endpoint describes it: the
    /// Prometheus scrape (OpenTelemetry's exporter maps a bare request delegate) and the Idempotency-Key header of
    /// every POST (read by Idempotency/IdempotentRequests, which replays or records the answer around the endpoint).
    /// </summary>
    private static readonly string[] ServedByThePipeline = ["GET /metrics"];

    private const string PipelineParameter = "header 'Idempotency-Key' (optional)";

    public static IReadOnlyList<string> Between(JsonNode contract, JsonNode routed)
    {
        var declared = RoutedOperation.AllOf(contract).ToDictionary(operation => operation.Key, StringComparer.Ordinal);
        var served = RoutedOperation.AllOf(routed).ToDictionary(operation => operation.Key, StringComparer.Ordinal);
        var drift = new List<string>();

        foreach (var endpoint in served.Values.Where(endpoint => !declared.ContainsKey(endpoint.Key)))
        {
            drift.Add($"{endpoint} is routed by the app but is not in spec/openapi.yaml (declare it, or mark an endpoint outside the contract with ExcludeFromDescription())");
        }

        foreach (var operation in declared.Values.Where(operation => !served.ContainsKey(operation.Key) && !ServedByThePipeline.Contains(operation.Key)))
        {
            drift.Add($"{operation} is in spec/openapi.yaml but the app routes no endpoint for it");
        }

        foreach (var operation in declared.Values.Where(operation => served.ContainsKey(operation.Key)))
        {
            var endpoint = served[operation.Key];
            foreach (var parameter in operation.Parameters.Except(endpoint.Parameters).Where(parameter => parameter != PipelineParameter))
            {
                drift.Add($"{operation}: the spec's {parameter} parameter is not bound by the endpoint");
            }

            foreach (var parameter in endpoint.Parameters.Except(operation.Parameters))
            {
                drift.Add($"{operation}: the endpoint binds {parameter}, which the spec does not declare");
            }

            if (operation.Body != endpoint.Body)
            {
                drift.Add($"{operation}: the spec declares {operation.Body}, the endpoint reads {endpoint.Body}");
            }
        }

        return drift;
    }
}
