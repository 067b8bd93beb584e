using System.Globalization;
using System.Reflection;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Abstractions;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using TenantRegistry.Input;
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
        // By the parameter's source, not the route values: those also hold MVC's own keys, such as `action`, which
        // is a query parameter of GET /v1/audit.
        var inPath = context.ActionDescriptor.Parameters
            .Where(parameter => parameter.BindingInfo?.BindingSource == BindingSource.Path)
            .Select(parameter => parameter.Name)
            .ToHashSet(StringComparer.Ordinal);
        if (failures.Any(entry => inPath.Contains(entry.Key)))
        {
            return Refusal.NotFound(WireMessages.NoSuchResource).ToResult();
        }

        var message = failures.Count == 0 ? WireMessages.InvalidRequest : Describe(failures[0].Key, failures[0].Value!, context.ActionDescriptor);
        return Refusal.InvalidInput(message).ToResult();
    }

    private static string Describe(string key, ModelStateEntry entry, ActionDescriptor action)
    {
        var error = entry.Errors.FirstOrDefault();
        var text = error?.ErrorMessage is { Length: > 0 } errorMessage ? errorMessage : error?.Exception?.Message ?? "";
        var field = WireName(key);
        if (error?.Exception is RefusedInputException refused)
        {
            return refused.Message;
        }

        if (text.StartsWith(InputText.NulRefused, StringComparison.Ordinal))
        {
            return InputText.RefusalFor(field);
        }

        if (MissingProperties().Match(text) is { Success: true } missing)
        {
            return WireMessages.MissingProperty(missing.Groups["names"].Value);
        }

        if (text.StartsWith("Unsupported content type", StringComparison.Ordinal))
        {
            return WireMessages.NotJson;
        }

        if (text.Contains("non-empty request body", StringComparison.Ordinal) || field.Length == 0 && text.Contains("is required", StringComparison.Ordinal))
        {
            return WireMessages.BodyRequired;
        }

        if (PatternMismatch().Match(text) is { Success: true } pattern)
        {
            return WireMessages.MustMatch(field, pattern.Groups["pattern"].Value);
        }

        if (LengthBounds().Match(text) is { Success: true, Groups: var bounds } && bounds["max"].Success)
        {
            return WireMessages.Length(field, bounds["min"].Success ? int.Parse(bounds["min"].Value, CultureInfo.InvariantCulture) : null,
                int.Parse(bounds["max"].Value, CultureInfo.InvariantCulture));
        }

        if (text.Contains("is required", StringComparison.Ordinal))
        {
            return WireMessages.Required(field);
        }

        if (RangeBounds().Match(text) is { Success: true, Groups: var range })
        {
            return WireMessages.Between(field, range["min"].Value, range["max"].Value);
        }

        if (text.Contains("maximum configured depth", StringComparison.Ordinal))
        {
            return WireMessages.TooDeep(field.Length == 0 ? "the body" : field.Split('[')[0]);
        }

        if (field.Length == 0 || field == "body")
        {
            return WireMessages.BodyNotJson;
        }

        // What the field should have been: the type the JSON reader could not produce, or the parameter's type.
        var expectedType = ConvertedType(text) ?? action.Parameters.FirstOrDefault(parameter => parameter.Name == key)?.ParameterType;
        if (expectedType is not null && (Nullable.GetUnderlyingType(expectedType) ?? expectedType) == typeof(DateTimeOffset)
            && entry.AttemptedValue?.Contains(' ', StringComparison.Ordinal) == true)
        {
            return WireMessages.PlusNotEncoded(field);
        }

        return expectedType is not null && Expected(expectedType) is { } expected
            ? WireMessages.MustBe(field, expected)
            : WireMessages.Malformed(field);
    }

    /// <summary>A .NET type in wire terms; null for a type no request field has.</summary>
    private static string? Expected(Type type)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        return type switch
        {
            { IsEnum: true } => WireMessages.OneOf(type.GetFields(BindingFlags.Public | BindingFlags.Static)
                .Select(value => value.GetCustomAttribute<JsonStringEnumMemberNameAttribute>()?.Name ?? value.Name)),
            _ when type == typeof(Guid) => WireMessages.Uuid,
            _ when type == typeof(DateOnly) => WireMessages.Date,
            _ when type == typeof(DateTimeOffset) || type == typeof(DateTime) => WireMessages.Timestamp,
            _ when type == typeof(bool) => WireMessages.Boolean,
            _ when type == typeof(int) || type == typeof(long) => WireMessages.WholeNumber,
            _ when type == typeof(string) => WireMessages.Text,
            _ when typeof(IEnumerable<string>).IsAssignableFrom(type) => WireMessages.ListOfText,
            _ when typeof(System.Collections.IDictionary).IsAssignableFrom(type) || typeof(IDictionary<string, object>).IsAssignableFrom(type) || type.IsClass => WireMessages.JsonObject,
            _ => null,
        };
    }

    /// <summary>System.Text.Json names the type it could not read ("… could not be converted to System.Guid. Path: …").</summary>
    private static Type? ConvertedType(string text)
    {
        if (UnconvertibleJson().Match(text) is not { Success: true } match)
        {
            return null;
        }

        var name = NullableOf().Match(match.Groups["type"].Value) is { Success: true } nullable ? nullable.Groups["inner"].Value : match.Groups["type"].Value;
        return Type.GetType(name) ?? typeof(Generated.Error).Assembly.GetType(name);
    }

    /// <summary>"$.tenant_id", "body.$.scopes[0]", "body.Contract_end" or "Slug" become "tenant_id", "scopes[0]", "contract_end", "slug".</summary>
    private static string WireName(string key)
    {
        var jsonPath = key.IndexOf("$.", StringComparison.Ordinal);
        var name = jsonPath >= 0 ? key[(jsonPath + 2)..] : key;
        name = name.StartsWith("body.", StringComparison.OrdinalIgnoreCase) ? name[5..] : name;
        return name == "$" ? "" : name.ToLowerInvariant();
    }

    /// <summary>DataAnnotations' range text: "The field X must be between 0 and 604800."</summary>
    [GeneratedRegex("must be between (?<min>-?\\d+) and (?<max>-?\\d+)")]
    private static partial Regex RangeBounds();

    [GeneratedRegex("missing required properties including: (?<names>.+?)\\.?$")]
    private static partial Regex MissingProperties();

    [GeneratedRegex("must match the regular expression '(?<pattern>.+)'\\.?$")]
    private static partial Regex PatternMismatch();

    [GeneratedRegex("(?:minimum length of '?(?<min>\\d+)'? and a )?maximum length of '?(?<max>\\d+)'?")]
    private static partial Regex LengthBounds();

    [GeneratedRegex("could not be converted to (?<type>\\S+?)\\. Path")]
    private static partial Regex UnconvertibleJson();

    [GeneratedRegex("^System\\.Nullable`1\\[(?<inner>.+)\\]$")]
    private static partial Regex NullableOf();
}
