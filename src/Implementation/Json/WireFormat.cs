using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace TenantRegistry.Json;

/// <summary>The JSON rules of the contract: optional fields without a value are omitted, never written as null.</summary>
public static class WireFormat
{
    public static void Apply(JsonSerializerOptions options)
    {
        options.Converters.Add(new UtcTimestampConverter());
        options.RespectNullableAnnotations = true;
        options.Converters.Add(new JsonStringEnumConverter(namingPolicy: null, allowIntegerValues: false));
        options.TypeInfoResolver = new DefaultJsonTypeInfoResolver { Modifiers = { OmitNullOptionalProperties, EnumsOnlyAsTheirNames } };
    }

    /// <summary>
    /// The generated enum converters also take numbers ("kind": 1 would read as the second member); the contract's
    /// enums are strings. Dropping the per-property converter lets the options-wide one, which refuses numbers, apply.
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
