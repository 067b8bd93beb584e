using System.Collections.Immutable;

namespace TenantRegistry.Contract.Tests.Hostile;

/// <summary>
/// The good request every hostile case starts from: required parameters and required body properties with valid
/// values, ids that exist. A case changes exactly one thing, so the answer is about that one thing.
/// </summary>
internal sealed class BaselineRequest(OperationShape operation)
{
    public const string JsonContentType = "application/json";

    public HostileRequest Build(HostileTargets targets) => WithBody(targets, operation.Body is null ? null : Body(targets).ToJson());

    public HostileRequest WithBody(HostileTargets targets, string? body) =>
        new(operation.Operation, Parameters("path", targets), [.. Parameters("query", targets)], Parameters("header", targets), body, JsonContentType);

    public JsonMembers Body(HostileTargets targets) => new([
        .. (operation.Body?.Properties ?? [])
            .Where(property => property.Required)
            .Select(property => KeyValuePair.Create(property.Name, ValidValues.Json(property.Schema, property.Name, targets))),
    ]);

    private ImmutableDictionary<string, string> Parameters(string location, HostileTargets targets) => operation.Parameters
        .Where(parameter => parameter.In == location && parameter.Required)
        .ToImmutableDictionary(parameter => parameter.Name, parameter => ValidValues.Text(parameter.Schema, Subject(parameter), targets));

    // A path id names the thing of the collection before it: /v1/tenants/{id} is a tenant.
    private string Subject(ParameterShape parameter)
    {
        if (parameter is not { In: "path", Name: "id" })
        {
            return parameter.Name;
        }

        var segments = operation.Operation.PathTemplate.Split('/');
        return segments[Array.IndexOf(segments, "{id}") - 1];
    }
}
