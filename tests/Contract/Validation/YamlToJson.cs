using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace TenantRegistry.Contract.Tests.Validation;

/// <summary>
/// Converts YAML to JSON with the YAML 1.2 core schema: only untagged plain scalars are typed, so `enabled: true`
/// is a JSON boolean while `'true'`, `"200"` and every mapping key stay strings.
/// </summary>
public static partial class YamlToJson
{
    public static JsonNode? Convert(string yaml)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(yaml));
        return Convert(stream.Documents.Single().RootNode);
    }

    private static JsonNode? Convert(YamlNode node) => node switch
    {
        YamlMappingNode mapping => new JsonObject(mapping.Children.Select(
            entry => KeyValuePair.Create(KeyOf(entry.Key), Convert(entry.Value)))),
        YamlSequenceNode sequence => new JsonArray([.. sequence.Children.Select(Convert)]),
        YamlScalarNode scalar when scalar.Style == ScalarStyle.Plain && scalar.Tag.IsEmpty => Plain(scalar.Value ?? ""),
        YamlScalarNode scalar => JsonValue.Create(scalar.Value),
        _ => throw new FormatException($"Unsupported YAML node at {node.Start}."),
    };

    private static string KeyOf(YamlNode key) =>
        key is YamlScalarNode { Value: { } name } ? name : throw new FormatException($"Non-scalar key at {key.Start}.");

    private static JsonNode? Plain(string text) => text switch
    {
        "" or "~" or "null" or "Null" or "NULL" => null,
        "true" or "True" or "TRUE" => JsonValue.Create(true),
        "false" or "False" or "FALSE" => JsonValue.Create(false),
        _ when DecimalInteger().IsMatch(text) => JsonValue.Create(long.Parse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture)),
        _ when text.StartsWith("0x", StringComparison.Ordinal) && HexDigits().IsMatch(text[2..]) => JsonValue.Create(System.Convert.ToInt64(text[2..], 16)),
        _ when text.StartsWith("0o", StringComparison.Ordinal) && OctalDigits().IsMatch(text[2..]) => JsonValue.Create(System.Convert.ToInt64(text[2..], 8)),
        _ when Float().IsMatch(text) => JsonValue.Create(double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture)),
        _ => JsonValue.Create(text),
    };

    [GeneratedRegex("^[-+]?[0-9]+$")]
    private static partial Regex DecimalInteger();

    [GeneratedRegex("^[0-9a-fA-F]+$")]
    private static partial Regex HexDigits();

    [GeneratedRegex("^[0-7]+$")]
    private static partial Regex OctalDigits();

    [GeneratedRegex(@"^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$")]
    private static partial Regex Float();
}
