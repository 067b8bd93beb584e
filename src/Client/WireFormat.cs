using System.Collections;
using System.Globalization;
using System.Reflection;
using System.Runtime.Serialization;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace TenantRegistry.Client;

/// <summary>
/// How the SDK writes values, in one place: parameters in the path, query and headers (<see cref="ToText"/>, called
/// by every generated client) and JSON bodies (<see cref="Configure"/>, NSwag's serializer-settings hook).
/// </summary>
internal static class WireFormat
{
    /// <summary>
    /// RFC 3339 in UTC with <c>Z</c>, with the fraction only as long as it needs to be (up to 7 digits, the tick):
    /// a value with any offset names the same instant on the wire, and the server never sees a local time.
    /// </summary>
    public static string Timestamp(DateTimeOffset value) =>
        value.UtcDateTime.ToString("yyyy'-'MM'-'dd'T'HH':'mm':'ss.FFFFFFF'Z'", CultureInfo.InvariantCulture);

    /// <summary>A parameter value as the spec's text: timestamps as <see cref="Timestamp"/>, dates YYYY-MM-DD,
    /// enums by their wire names, booleans lower-case, lists comma-separated, everything else invariant.</summary>
    public static string ToText(object? value) => value switch
    {
        null => "",
        string text => text,
        DateTimeOffset instant => Timestamp(instant),
        DateOnly date => date.ToString("yyyy'-'MM'-'dd", CultureInfo.InvariantCulture),
        bool flag => flag ? "true" : "false",
        Enum member => WireName(member),
        IEnumerable items => string.Join(",", items.Cast<object?>().Select(ToText)),
        IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };

    /// <summary>The JSON options of every generated client.</summary>
    public static JsonSerializerOptions Configure(JsonSerializerOptions options)
    {
        options.Converters.Add(new UtcTimestampConverter());
        options.TypeInfoResolver = new DefaultJsonTypeInfoResolver { Modifiers = { OmitUnsetOptionalProperties } };
        return options;
    }

    // OpenAPI 3.1 has no nullable: an optional property without a value is left out, never sent as null. Required
    // properties are always written (WhenWritingNull would drop those too).
    private static void OmitUnsetOptionalProperties(JsonTypeInfo type)
    {
        foreach (var property in type.Properties.Where(property => !property.IsRequired && property.ShouldSerialize is null))
        {
            property.ShouldSerialize = static (_, value) => value is not null;
        }
    }

    private static string WireName(Enum member)
    {
        var name = member.ToString();
        return member.GetType().GetField(name)?.GetCustomAttribute<EnumMemberAttribute>()?.Value ?? name;
    }

    private sealed class UtcTimestampConverter : JsonConverter<DateTimeOffset>
    {
        public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            reader.GetDateTimeOffset();

        public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options) =>
            writer.WriteStringValue(Timestamp(value));
    }
}
