using System.Globalization;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Nodes;
using Json.Pointer;

namespace TenantRegistry.Contract.Tests.Validation;

/// <summary>Judges one HTTP response against the contract; every violation is a readable sentence.</summary>
public sealed class ContractValidator(ContractDocument document)
{
    private const string Json = "application/json";
    private const string Ndjson = "application/x-ndjson";
    private static readonly JsonPointer ErrorSchema = JsonPointer.Create("components", "schemas", "Error");

    // headers: the response's headers by name; null leaves them unchecked.
    public IReadOnlyList<string> Check(
        HttpMethod method, string path, int status, string? contentType, string body, bool acceptUnavailable = false,
        IReadOnlyDictionary<string, string>? headers = null)
    {
        var operation = document.FindOperation(method, path);
        if (operation is null)
        {
            return IsServedOutsideContract(path) ? [] : CheckUnknownOperation(method, path, status, contentType, body);
        }

        var (response, violation) = SelectResponse(operation, status, acceptUnavailable);
        if (response is null)
        {
            return [violation!];
        }

        var resolved = document.Resolve(response);
        return [.. CheckBody(resolved, contentType, body), .. headers is null ? [] : CheckHeaders(resolved, headers)];
    }

    /// <summary>
    /// Every header the response declares: present when declared <c>required</c>, and when present, a value its
    /// schema takes (Retry-After a whole number of seconds, Idempotent-Replayed exactly "true").
    /// </summary>
    private IEnumerable<string> CheckHeaders(SpecNode response, IReadOnlyDictionary<string, string> headers)
    {
        foreach (var (name, _) in response.Child("headers")?.Node.AsObject() ?? [])
        {
            var header = document.Resolve(response.Child("headers")!.Child(name)!);
            var present = headers.FirstOrDefault(pair => string.Equals(pair.Key, name, StringComparison.OrdinalIgnoreCase));
            if (present.Key is null)
            {
                if ((bool?)header.Node["required"] == true)
                {
                    yield return $"header {name} is required but missing";
                }

                continue;
            }

            if (header.Child("schema") is not { } schema)
            {
                continue;
            }

            var integer = (string?)document.Resolve(schema).Node["type"] == "integer";
            if (integer && !long.TryParse(present.Value, NumberStyles.None, CultureInfo.InvariantCulture, out _))
            {
                yield return $"header {name} must be a whole number, not '{present.Value}'";
                continue;
            }

            var value = integer ? JsonSerializer.SerializeToElement(long.Parse(present.Value, CultureInfo.InvariantCulture)) : JsonSerializer.SerializeToElement(present.Value);
            foreach (var failure in document.Schemas.Evaluate(schema.Pointer, value))
            {
                yield return $"header {name} '{present.Value}' {failure}";
            }
        }
    }

    // The spec document and the API reference UI are served by the host, not described by the contract.
    private static bool IsServedOutsideContract(string path) =>
        path is "/openapi.yaml" or "/docs" or "/scalar"
        || path.StartsWith("/docs/", StringComparison.Ordinal)
        || path.StartsWith("/scalar/", StringComparison.Ordinal);

    private List<string> CheckUnknownOperation(HttpMethod method, string path, int status, string? contentType, string body)
    {
        var violations = CheckJson(ErrorSchema, contentType, body);
        if (status is not (404 or 405))
        {
            violations.Insert(0, $"{method} {path} is not in the contract, so only 404 or 405 may answer it, not {status}");
        }

        return violations;
    }

    private static (SpecNode? Response, string? Violation) SelectResponse(
        ContractOperation operation, int status, bool acceptUnavailable)
    {
        var operationName = $"{operation.Method} {operation.PathTemplate}";
        var responses = operation.Node.Child("responses");
        if (responses?.Child(status.ToString(CultureInfo.InvariantCulture)) is { } declared)
        {
            return (declared, null);
        }

        // `default` stands for server failures, and a test that gets one has found a bug: only store-outage tests
        // opt in to 503 through it. Everything else a test sees must be declared explicitly.
        if (status == 503 && acceptUnavailable && responses?.Child("default") is { } outage)
        {
            return (outage, null);
        }

        return status >= 500
            ? (null, $"status {status} from {operationName} is a server error, and 5xx never passes unless declared")
            : (null, $"status {status} is not declared for {operationName}");
    }

    private List<string> CheckBody(SpecNode response, string? contentType, string body)
    {
        if (response.Child("content") is not { } content)
        {
            return body.Length == 0 ? [] : [$"response declares no content but the body has {body.Length} characters"];
        }

        if (content.Child(Ndjson)?.Child("schema") is { } lineSchema)
        {
            return CheckNdjson(lineSchema.Pointer, contentType, body);
        }

        if (content.Child(Json) is null && content.Node is JsonObject textTypes)
        {
            return CheckText(textTypes, contentType);
        }

        var schema = content.Child(Json)?.Child("schema")
            ?? throw new NotSupportedException($"{content.Pointer}: only application/json or application/x-ndjson with a schema is supported.");
        return CheckJson(schema.Pointer, contentType, body);
    }

    // NDJSON: the schema describes one line; every line must be a JSON value that matches it, the stream ends in '\n'.
    private List<string> CheckNdjson(JsonPointer lineSchema, string? contentType, string body)
    {
        if (!MediaTypeHeaderValue.TryParse(contentType, out var mediaType)
            || !string.Equals(mediaType.MediaType, Ndjson, StringComparison.OrdinalIgnoreCase))
        {
            return [$"content type must be {Ndjson}, not '{contentType}'"];
        }

        if (body.Length > 0 && !body.EndsWith('\n'))
        {
            return ["an NDJSON body must end with a newline"];
        }

        var violations = new List<string>();
        var lines = body.Split('\n');
        for (var number = 1; number < lines.Length && violations.Count == 0; number++)
        {
            violations.AddRange(CheckJson(lineSchema, Json, lines[number - 1]).Select(violation => $"line {number}: {violation}"));
        }

        return violations;
    }

    // A response the contract declares only as text (the metrics scrape): its media type must be one of those
    // declared; what the text says is checked by the tests of that format (tests/Contract/Telemetry).
    private static List<string> CheckText(JsonObject declared, string? contentType)
    {
        foreach (var (mediaType, declaration) in declared)
        {
            if (declaration?["schema"]?["type"]?.GetValue<string>() != "string")
            {
                throw new NotSupportedException($"{mediaType}: only application/json or a string schema is supported.");
            }
        }

        return MediaTypeHeaderValue.TryParse(contentType, out var given) && given.MediaType is { } type && declared.ContainsKey(type)
            ? []
            : [$"content type must be one of {string.Join(", ", declared.Select(pair => pair.Key))}, not '{contentType}'"];
    }

    private List<string> CheckJson(JsonPointer schema, string? contentType, string body)
    {
        if (!MediaTypeHeaderValue.TryParse(contentType, out var mediaType)
            || !string.Equals(mediaType.MediaType, Json, StringComparison.OrdinalIgnoreCase))
        {
            return [$"content type must be {Json}, not '{contentType}'"];
        }

        JsonDocument parsed;
        try
        {
            parsed = JsonDocument.Parse(body);
        }
        catch (JsonException ex)
        {
            return [$"body is not JSON: {ex.Message}"];
        }

        using (parsed)
        {
            return [.. document.Schemas.Evaluate(schema, parsed.RootElement).Select(failure => $"body {failure}")];
        }
    }
}
