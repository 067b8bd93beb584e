using System.Globalization;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace TenantRegistry.Contract.Tests.Hostile;

/// <summary>Judges the answer to a hostile request; every problem is a sentence, none means the answer is right.</summary>
internal static partial class HostileVerdict
{
    // Product rules, API keys: verify always answers 200, and an invalid request is exactly {"valid": false}.
    private const string InBandOperationId = "verifyApiKey";
    private const int PayloadTooLarge = 413;

    // Product rules, wire rules: the client error codes with their statuses. 413 has none of its own there.
    private static readonly IReadOnlyDictionary<int, string[]> CodesByStatus = new Dictionary<int, string[]>
    {
        [400] = ["invalid_input", "invalid_state"],
        [401] = ["unauthenticated"],
        [403] = ["forbidden"],
        [404] = ["not_found"],
        [409] = ["conflict", "idempotency_in_flight"],
        [422] = ["idempotency_mismatch"],
        [PayloadTooLarge] = ["invalid_input", "invalid_state", "not_found", "conflict"],
    };

    private static readonly string[] InternalNames = ["System.", "TenantRegistry.", "Exception"];

    public static IReadOnlyList<string> Judge(HostileCase hostile, HostileAnswer answer, int? baselineStatus)
    {
        var (status, body) = (answer.Status, answer.Body);
        var problems = new List<string>();
        switch (hostile.Expectation)
        {
            case HostileExpectation.ProtocolLevel:
                if (status != hostile.ProtocolStatus)
                {
                    problems.Add($"status {status} is not Kestrel's documented {hostile.ProtocolStatus}");
                }

                break;
            case HostileExpectation.Ignored when status != baselineStatus || status >= 500:
                problems.Add($"status {status} differs from the {baselineStatus} of the baseline request, which lacks only what should be ignored");
                break;
            case HostileExpectation.Ignored:
                problems.AddRange(status is >= 200 and < 300 ? [] : ErrorBody(status, answer.ContentType, body));
                break;
            default:
                var allowed = AllowedStatuses(hostile);
                if (!allowed.Contains(status))
                {
                    problems.Add($"status {status} is not one of the allowed {string.Join(", ", allowed)}");
                }
                else
                {
                    problems.AddRange(status == 200 ? InvalidVerdict(body) : ErrorBody(status, answer.ContentType, body));
                }

                problems.AddRange(UnhelpfulMessage(hostile, status, body));
                break;
        }

        problems.AddRange(LeakedInternals(body));
        return problems;
    }

    /// <summary>
    /// A 400 for one wrong field names that field and says what is allowed, not just that something is wrong
    /// (issue 23: "validation messages name what was wrong and what is allowed").
    /// </summary>
    private static IEnumerable<string> UnhelpfulMessage(HostileCase hostile, int status, string body)
    {
        if (status != 400 || TargetedField().Match(hostile.Name) is not { Success: true } target
            || TryParse(body) is not JsonObject { } error || (string?)error["error"] != "invalid_input" || (string?)error["message"] is not { } message)
        {
            yield break;
        }

        var field = target.Groups["field"].Value;
        if (!message.Contains(field, StringComparison.Ordinal))
        {
            yield return $"message does not name the field '{field}': {message}";
        }

        foreach (var vague in VagueMessages.Where(vague => message.Contains(vague, StringComparison.Ordinal)))
        {
            yield return $"message does not say what is allowed ('{vague}'): {message}";
        }
    }

    private static readonly string[] VagueMessages = ["missing, malformed or of the wrong type", "does not match the required pattern", "has an invalid length", "the request is not valid"];

    private static SortedSet<int> AllowedStatuses(HostileCase hostile)
    {
        var operation = hostile.Operation.Operation.Node;
        var allowed = new SortedSet<int>((operation.Child("responses")?.Node.AsObject() ?? [])
            .Select(response => int.TryParse(response.Key, NumberStyles.None, CultureInfo.InvariantCulture, out var status) ? status : 0)
            .Where(status => status is >= 400 and < 500 && (status != PayloadTooLarge || hostile.OversizedBody)));
        if (hostile.OversizedBody)
        {
            allowed.Add(PayloadTooLarge);
        }

        if ((string?)operation.Node["operationId"] == InBandOperationId)
        {
            allowed.Add(200);
        }

        return allowed;
    }

    private static IEnumerable<string> InvalidVerdict(string body) =>
        JsonNode.DeepEquals(TryParse(body), new JsonObject { ["valid"] = false }) ? [] : ["body is not exactly {\"valid\":false}"];

    private static IEnumerable<string> ErrorBody(int status, MediaTypeHeaderValue? contentType, string body)
    {
        var problems = new List<string>();
        if (contentType?.MediaType != "application/json")
        {
            problems.Add($"content type is '{contentType}', not application/json");
        }

        if (TryParse(body) is not JsonObject error)
        {
            return [.. problems, "body is not a JSON object"];
        }

        if ((error["error"] as JsonValue)?.GetValueKind() != JsonValueKind.String || !CodesByStatus.GetValueOrDefault(status, []).Contains((string?)error["error"]))
        {
            problems.Add($"error code {error["error"]?.ToJsonString() ?? "(none)"} is not one of {string.Join(", ", CodesByStatus.GetValueOrDefault(status, []))}");
        }

        if ((error["message"] as JsonValue)?.GetValueKind() != JsonValueKind.String || string.IsNullOrWhiteSpace((string?)error["message"]))
        {
            problems.Add("message is missing or blank");
        }

        return problems;
    }

    // Checks the decoded strings, so that a stack trace's escaped line breaks are line breaks again.
    private static IEnumerable<string> LeakedInternals(string body)
    {
        var texts = TryParse(body) is JsonObject json
            ? json.Select(member => member.Value).OfType<JsonValue>().Where(value => value.GetValueKind() == JsonValueKind.String).Select(value => (string)value!)
            : [body];
        foreach (var text in texts)
        {
            foreach (var name in InternalNames.Where(name => text.Contains(name, StringComparison.Ordinal)))
            {
                yield return $"answer names server internals ('{name}'): {HostileRequest.Excerpt(text)}";
            }

            if (StackFrame().IsMatch(text))
            {
                yield return $"answer carries a stack trace: {HostileRequest.Excerpt(text)}";
            }
        }
    }

    private static JsonNode? TryParse(string body)
    {
        try
        {
            return JsonNode.Parse(body);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    [GeneratedRegex(@": (?:property|query) '(?<field>[^']+)'")]
    private static partial Regex TargetedField();

    [GeneratedRegex(@"^\s*at \S+\(.*\)|--- End of", RegexOptions.Multiline)]
    private static partial Regex StackFrame();
}
