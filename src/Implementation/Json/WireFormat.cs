using System.Text.Json;
using TenantRegistry.Input;
using System.Text.Json.Serialization.Metadata;

namespace TenantRegistry.Json;

/// <summary>
/// The JSON rules of the contract: optional fields without a value are omitted, never written as null; enums are
/// their exact wire names; strings read from a body follow <see cref="InputText"/>.
/// </summary>
public static class WireFormat
{
    public static void Apply(JsonSerializerOptions options)
    {
        options.Converters.Add(new UtcTimestampConverter());
        options.RespectNullableAnnotations = true;
        options.Converters.Add(new ExactEnumConverterFactory());
        options.Converters.Add(new StorableStringConverter());
        options.TypeInfoResolver = new DefaultJsonTypeInfoResolver { Modifiers = { OmitNullOptionalProperties, EnumsOnlyAsTheirNames } };
    }

    /// <summary>
    /// The generated enum converters also take numbers ("kind": 1 would read as the second member) and names in any
    /// case or with spaces around them; the contract's enums are exact strings. Dropping the per-property converter
    /// lets the options-wide one, which takes only the wire names, apply.
    /// </summary>
    private static void EnumsOnlyAsTheirNames(JsonTypeInfo typeInfo)
    {
        foreach (var property in typeInfo.Properties)
        {
            if ((Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType).IsEnum)
            {
                property.CustomConverter = null;
            }
        }
    }

    private static void OmitNullOptionalProperties(JsonTypeInfo typeInfo)
    {
        foreach (var property in typeInfo.Properties.Where(property => !property.IsRequired))
        {
            property.ShouldSerialize = static (_, value) => value is not null;
        }
    }
}
