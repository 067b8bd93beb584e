using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace TenantRegistry.Json;

/// <summary>The JSON rules of the contract: optional fields without a value are omitted, never written as null.</summary>
public static class WireFormat
{
    public static void Apply(JsonSerializerOptions options)
    {
        options.Converters.Add(new UtcTimestampConverter());
        options.RespectNullableAnnotations = true;
        options.TypeInfoResolver = new DefaultJsonTypeInfoResolver { Modifiers = { OmitNullOptionalProperties } };
    }

    private static void OmitNullOptionalProperties(JsonTypeInfo typeInfo)
    {
        foreach (var property in typeInfo.Properties.Where(property => !property.IsRequired))
        {
            property.ShouldSerialize = static (_, value) => value is not null;
        }
    }
}
