using System.Text.RegularExpressions;
using NJsonSchema;
using NJsonSchema.CodeGeneration;
using NSwag;
using NSwag.CodeGeneration;

namespace TenantRegistry.Client.Generator;

/// <summary>C# names for the wire's snake_case (and kebab-case) names: the SDK is what product teams read.</summary>
internal static partial class SdkNames
{
    private static readonly HashSet<string> Keywords =
    [
        "abstract", "as", "base", "bool", "break", "byte", "case", "catch", "char", "checked", "class", "const",
        "continue", "decimal", "default", "delegate", "do", "double", "else", "enum", "event", "explicit", "extern",
        "false", "finally", "fixed", "float", "for", "foreach", "goto", "if", "implicit", "in", "int", "interface",
        "internal", "is", "lock", "long", "namespace", "new", "null", "object", "operator", "out", "override",
        "params", "private", "protected", "public", "readonly", "ref", "return", "sbyte", "sealed", "short",
        "sizeof", "stackalloc", "static", "string", "struct", "switch", "this", "throw", "true", "try", "typeof",
        "uint", "ulong", "unchecked", "unsafe", "ushort", "using", "virtual", "void", "volatile", "while",
    ];

    /// <summary><c>erp_customer_id</c> → <c>ErpCustomerId</c>; <c>Idempotency-Key</c> → <c>IdempotencyKey</c>.</summary>
    public static string Pascal(string wireName)
    {
        var words = NonAlphanumeric().Split(wireName).Where(word => word.Length > 0).ToList();
        if (words.Count == 0)
        {
            return "Value";
        }

        var name = string.Concat(words.Select(word => char.ToUpperInvariant(word[0]) + word[1..]));
        return char.IsDigit(name[0]) ? "_" + name : name;
    }

    /// <summary><c>tenant_id</c> → <c>tenantId</c>; C# keywords get an <c>@</c>.</summary>
    public static string Camel(string wireName)
    {
        var pascal = Pascal(wireName);
        var name = char.ToLowerInvariant(pascal[0]) + pascal[1..];
        return Keywords.Contains(name) ? "@" + name : name;
    }

    /// <summary><c>APIKeyCreate</c> → <c>ApiKeyCreate</c>: acronyms of three letters or more are words in .NET names.</summary>
    public static string Type(string name) =>
        Acronym().Replace(name, match => match.Value[0] + match.Value[1..].ToLowerInvariant());

    [GeneratedRegex("[^A-Za-z0-9]+")]
    private static partial Regex NonAlphanumeric();

    // An uppercase run of three or more letters, ending where the next word (Upper + lower) starts or at the end.
    [GeneratedRegex("[A-Z]{3,}(?=[A-Z][a-z]|[^A-Za-z]|$)")]
    private static partial Regex Acronym();
}

internal sealed class SdkPropertyNames : IPropertyNameGenerator
{
    public string Generate(JsonSchemaProperty property) => SdkNames.Pascal(property.Name);
}

internal sealed class SdkParameterNames : IParameterNameGenerator
{
    // Two parameters with one wire name (a path id and a query id) are told apart by where they go.
    public string Generate(OpenApiParameter parameter, IEnumerable<OpenApiParameter> allParameters)
    {
        var name = SdkNames.Camel(parameter.Name);
        return allParameters.Count(other => other.Name == parameter.Name) > 1
            ? name + SdkNames.Pascal(parameter.Kind.ToString())
            : name;
    }
}

internal sealed class SdkTypeNames : DefaultTypeNameGenerator
{
    // A type may not have a member of its own name; the spec's Error with its property error is the case at hand.
    // Api in front keeps both names readable (ApiError.Error) where NJsonSchema would write Error.Error1.
    public override string Generate(JsonSchema schema, string? typeNameHint, IEnumerable<string> reservedTypeNames)
    {
        var name = SdkNames.Type(base.Generate(schema, typeNameHint, reservedTypeNames));
        return schema.ActualProperties.Keys.Any(property => SdkNames.Pascal(property) == name) ? "Api" + name : name;
    }
}
