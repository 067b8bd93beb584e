using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using TenantRegistry.Client;

namespace TenantRegistry.Contract.Tests.Sdk;

/// <summary>
/// One SDK call built from the contract: the values each input gets, and the generated method they are passed to,
/// found by the SDK's naming rule (tag → <see cref="TenantRegistryClient"/> property, operationId → method,
/// snake_case → camelCase parameters).
/// </summary>
internal sealed record SdkCall(SdkOperation Operation, IReadOnlyDictionary<string, JsonNode> Parameters, JsonObject? Body)
{
    private static readonly JsonSerializerOptions ValueOptions = new() { Converters = { new JsonStringEnumConverter() } };

    public static SdkCall Build(SdkOperation operation, SdkInput? optional, SdkTargets targets)
    {
        var parameters = operation.Parameters
            .Where(parameter => parameter.Required || parameter == optional)
            .ToDictionary(parameter => parameter.Name, parameter => SdkValues.Json(parameter, Subject(operation, parameter), targets));
        // An optional body is left out of the plain case, so calling without one is covered too.
        var body = operation.Body is { } shape && (shape.Required || optional?.In == "body")
            ? new JsonObject(shape.Properties
                .Where(property => property.Required || property == optional)
                .Select(property => KeyValuePair.Create(property.Name, (JsonNode?)SdkValues.Json(property, property.Name, targets))))
            : null;
        return new SdkCall(operation, parameters, body);
    }

    /// <summary>Calls the SDK method through <paramref name="http"/>; returns what it returned (null for no content).</summary>
    public async Task<object?> InvokeAsync(HttpClient http)
    {
        var registry = new TenantRegistryClient(http);
        var feature = typeof(TenantRegistryClient).GetProperty(Pascal(Operation.Tag))
            ?? throw new InvalidOperationException($"{Operation.Title}: TenantRegistryClient has no property {Pascal(Operation.Tag)}");
        var methodName = Pascal(Operation.OperationId) + "Async";
        var method = feature.PropertyType.GetMethod(methodName)
            ?? throw new InvalidOperationException($"{Operation.Title}: {feature.PropertyType.Name} has no method {methodName}");

        var byName = Operation.Parameters.ToDictionary(parameter => Camel(parameter.Name));
        var missing = byName.Keys.Except(method.GetParameters().Select(parameter => parameter.Name!)).ToList();
        if (missing.Count > 0)
        {
            throw new InvalidOperationException($"{Operation.Title}: {methodName} has no parameter {string.Join(", ", missing)}");
        }

        var arguments = method.GetParameters().Select(parameter => Argument(parameter, byName)).ToArray();
        var task = (Task)method.Invoke(feature.GetValue(registry), arguments)!;
        await task;
        return method.ReturnType.IsGenericType ? task.GetType().GetProperty(nameof(Task<object>.Result))!.GetValue(task) : null;
    }

    private object? Argument(ParameterInfo parameter, Dictionary<string, SdkInput> byName)
    {
        if (parameter.ParameterType == typeof(CancellationToken))
        {
            return CancellationToken.None;
        }

        if (byName.TryGetValue(parameter.Name!, out var input))
        {
            return Parameters.TryGetValue(input.Name, out var value) ? value.Deserialize(parameter.ParameterType, ValueOptions) : null;
        }

        if (parameter.Name == "body" && Operation.Body is not null)
        {
            return Body?.Deserialize(parameter.ParameterType, ValueOptions);
        }

        throw new InvalidOperationException($"{Operation.Title}: parameter '{parameter.Name}' is not in the contract");
    }

    // A path id names the thing of the collection before it: /v1/tenants/{id} is a tenant.
    private static string Subject(SdkOperation operation, SdkInput parameter)
    {
        if (parameter is not { In: "path", Name: "id" })
        {
            return parameter.Name;
        }

        var segments = operation.PathTemplate.Split('/');
        return segments[Array.IndexOf(segments, "{id}") - 1];
    }

    /// <summary>The SDK's naming rule, stated independently of its generator: words split at anything but letters
    /// and digits, each capitalised.</summary>
    public static string Pascal(string wireName) => string.Concat(
        wireName.Split(['_', '-', '.', ' ', '/'], StringSplitOptions.RemoveEmptyEntries).Select(word => char.ToUpperInvariant(word[0]) + word[1..]));

    public static string Camel(string wireName) => Pascal(wireName) is var pascal ? char.ToLowerInvariant(pascal[0]) + pascal[1..] : "";
}
