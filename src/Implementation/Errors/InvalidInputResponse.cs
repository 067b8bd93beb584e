using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using TenantRegistry.Store;

namespace TenantRegistry.Errors;

/// <summary>
/// Turns a failed model binding into the spec's Error body. A malformed path id means the resource cannot exist
/// (404); anything else is 400 `invalid_input` with a message in the wire's terms, never .NET's.
/// </summary>
internal static partial class InvalidInputResponse
{
    public static IActionResult Create(ActionContext context)
    {
        // A body that fails to deserialize also leaves a vaguer "body is required" entry; the JSON path names the field.
        var failures = context.ModelState
            .Where(entry => entry.Value is { ValidationState: ModelValidationState.Invalid })
            .OrderByDescending(entry => entry.Key.Contains("$.", StringComparison.Ordinal))
            .ToList();
        if (failures.Any(entry => context.RouteData.Values.ContainsKey(entry.Key)))
        {
            return Refusal.NotFound(WireMessages.NoSuchResource).ToResult();
        }

        var message = failures.Count == 0 ? WireMessages.InvalidRequest : Describe(failures[0].Key, failures[0].Value!.Errors);
        return Refusal.InvalidInput(message).ToResult();
    }

    private static string Describe(string key, ModelErrorCollection errors)
    {
        var error = errors.FirstOrDefault();
        var text = error?.ErrorMessage is { Length: > 0 } errorMessage ? errorMessage : error?.Exception?.Message ?? "";
        var field = WireName(key);

        if (MissingProperties().Match(text) is { Success: true } missing)
        {
            return $"missing required property {missing.Groups["names"].Value}";
        }

        if (text.StartsWith("Unsupported content type", StringComparison.Ordinal))
        {
            return WireMessages.NotJson;
        }

        if (text.Contains("non-empty request body", StringComparison.Ordinal) || field.Length == 0 && text.Contains("is required", StringComparison.Ordinal))
        {
            return "a JSON request body is required";
        }

        if (text.Contains("regular expression", StringComparison.Ordinal))
        {
            return $"{field} does not match the required pattern";
        }

        if (text.Contains("minimum length", StringComparison.Ordinal) || text.Contains("maximum length", StringComparison.Ordinal))
        {
            return $"{field} has an invalid length";
        }

        if (text.Contains("is required", StringComparison.Ordinal))
        {
            return $"{field} is required";
        }

        return field.Length == 0 || field == "body"
            ? "request body is not valid JSON"
            : $"{field} is missing, malformed or of the wrong type";
    }

    /// <summary>"$.tenant_id", "body.$.scopes[0]", "body.Contract_end" or "Slug" become "tenant_id", "scopes[0]", "contract_end", "slug".</summary>
    private static string WireName(string key)
    {
        var jsonPath = key.IndexOf("$.", StringComparison.Ordinal);
        var name = jsonPath >= 0 ? key[(jsonPath + 2)..] : key;
        name = name.StartsWith("body.", StringComparison.OrdinalIgnoreCase) ? name[5..] : name;
        return name == "$" ? "" : name.ToLowerInvariant();
    }

    [GeneratedRegex("missing required properties including: (?<names>.+?)\\.?$")]
    private static partial Regex MissingProperties();
}
