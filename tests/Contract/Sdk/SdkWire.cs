using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace TenantRegistry.Contract.Tests.Sdk;

/// <summary>Whether a request the SDK sent carries each input the way the spec says; returns what is wrong.</summary>
internal static partial class SdkWire
{
    public static List<string> Problems(SdkCall call, RecordingHandler.Exchange exchange)
    {
        var problems = new List<string>();
        var request = exchange.Request;
        if (request.Method != call.Operation.Method)
        {
            problems.Add($"sent {request.Method}, the spec says {call.Operation.Method}");
        }

        problems.AddRange(PathProblems(call, request.RequestUri!.AbsolutePath));
        problems.AddRange(QueryProblems(call, request.RequestUri.Query));
        foreach (var header in call.Operation.Parameters.Where(parameter => parameter.In == "header"))
        {
            var sent = request.Headers.TryGetValues(header.Name, out var values) ? string.Join(",", values) : null;
            problems.AddRange(ValueProblems($"header {header.Name}", header, call.Parameters.GetValueOrDefault(header.Name), sent));
        }

        problems.AddRange(BodyProblems(call, exchange.RequestBody));
        return problems;
    }

    private static IEnumerable<string> PathProblems(SdkCall call, string path)
    {
        var template = call.Operation.PathTemplate.Split('/');
        var sent = path.Split('/');
        if (sent.Length != template.Length)
        {
            yield return $"sent to {path}, the spec's path is {call.Operation.PathTemplate}";
            yield break;
        }

        for (var i = 0; i < template.Length; i++)
        {
            if (template[i].StartsWith('{'))
            {
                var name = template[i].Trim('{', '}');
                var input = call.Operation.Parameters.Single(parameter => parameter.In == "path" && parameter.Name == name);
                foreach (var problem in ValueProblems($"path {name}", input, call.Parameters[name], Uri.UnescapeDataString(sent[i])))
                {
                    yield return problem;
                }
            }
            else if (template[i] != sent[i])
            {
                yield return $"sent to {path}, the spec's path is {call.Operation.PathTemplate}";
            }
        }
    }

    private static IEnumerable<string> QueryProblems(SdkCall call, string query)
    {
        var pairs = query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries)
            .Select(pair => pair.Split('=', 2))
            .Select(pair => (Name: Uri.UnescapeDataString(pair[0]), Raw: pair.Length > 1 ? pair[1] : ""))
            .ToList();
        foreach (var (name, raw) in pairs)
        {
            if (raw.Contains('+') || raw.Contains(' '))
            {
                yield return $"query {name}={raw}: '+' and spaces must be percent-encoded (a '+' reads as a space)";
            }

            if (!call.Operation.Parameters.Any(parameter => parameter.In == "query" && parameter.Name == name))
            {
                yield return $"query {name} is not a parameter of the operation";
            }
        }

        foreach (var parameter in call.Operation.Parameters.Where(parameter => parameter.In == "query"))
        {
            var sent = pairs.Where(pair => pair.Name == parameter.Name).Select(pair => Uri.UnescapeDataString(pair.Raw)).ToList();
            if (sent.Count > 1)
            {
                yield return $"query {parameter.Name} sent {sent.Count} times";
            }

            foreach (var problem in ValueProblems($"query {parameter.Name}", parameter, call.Parameters.GetValueOrDefault(parameter.Name), sent.FirstOrDefault()))
            {
                yield return problem;
            }
        }
    }

    private static IEnumerable<string> ValueProblems(string where, SdkInput input, JsonNode? expected, string? sent)
    {
        if (expected is null)
        {
            if (sent is not null)
            {
                yield return $"{where} was never set but sent as '{sent}'";
            }

            yield break;
        }

        if (sent is null)
        {
            yield return $"{where} was set but not sent";
        }
        else if ((string?)input.Schema["format"] == "date-time")
        {
            foreach (var problem in TimestampProblems(where, expected.GetValue<string>(), sent))
            {
                yield return problem;
            }
        }
        else if (sent != Text(expected))
        {
            yield return $"{where} sent as '{sent}', expected '{Text(expected)}'";
        }
    }

    private static IEnumerable<string> BodyProblems(SdkCall call, string? sentText)
    {
        if (call.Body is null)
        {
            if (!string.IsNullOrEmpty(sentText))
            {
                yield return $"no body was given, but the SDK sent '{sentText}'";
            }

            yield break;
        }

        if (JsonNode.Parse(sentText ?? "null") is not JsonObject sent)
        {
            yield return $"the body was sent as '{sentText}', not a JSON object";
            yield break;
        }

        foreach (var (name, value) in sent)
        {
            var property = call.Operation.Body!.Properties.SingleOrDefault(candidate => candidate.Name == name);
            if (value is null)
            {
                yield return $"body {name} sent as null (optional properties without a value are left out)";
            }
            else if (property is null)
            {
                yield return $"body {name} is not a property of the spec's schema";
            }
            else if (!call.Body.ContainsKey(name) && !JsonNode.DeepEquals(value, property.Schema["default"]))
            {
                yield return $"body {name} was never set but sent as {value.ToJsonString()}";
            }
        }

        foreach (var (name, expected) in call.Body)
        {
            var format = (string?)call.Operation.Body!.Properties.Single(property => property.Name == name).Schema["format"];
            if (!sent.TryGetPropertyValue(name, out var value) || value is null)
            {
                yield return $"body {name} was set but not sent";
            }
            else if (format == "date-time")
            {
                foreach (var problem in TimestampProblems($"body {name}", expected!.GetValue<string>(), value.GetValue<string>()))
                {
                    yield return problem;
                }
            }
            else if (!JsonNode.DeepEquals(expected, value))
            {
                yield return $"body {name} sent as {value.ToJsonString()}, expected {expected!.ToJsonString()}";
            }
        }
    }

    // RFC 3339 in UTC with Z (product rules), naming exactly the instant given, to the tick.
    private static IEnumerable<string> TimestampProblems(string where, string expected, string sent)
    {
        if (!UtcTimestamp().IsMatch(sent))
        {
            yield return $"{where} sent as '{sent}', not an RFC 3339 UTC timestamp with Z";
        }
        else if (DateTimeOffset.Parse(sent, CultureInfo.InvariantCulture) != DateTimeOffset.Parse(expected, CultureInfo.InvariantCulture))
        {
            yield return $"{where} sent as '{sent}', which is not the instant {expected}";
        }
    }

    private static string Text(JsonNode value) =>
        value is JsonValue scalar && scalar.TryGetValue<string>(out var text) ? text : value.ToJsonString();

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,7})?Z$")]
    private static partial Regex UtcTimestamp();
}
