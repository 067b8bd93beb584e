using System.Collections.Frozen;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace TenantRegistry.Input;

/// <summary>
/// Reads and writes the contract's enums by their exact wire names. System.Text.Json's string enum converter falls
/// back to case-insensitive and whitespace-trimming parsing (" customer", "Demo" and "customer " would all be read
/// and stored as customer); an enum value either is one of the spec's names, byte for byte, or it is refused.
/// </summary>
internal sealed class ExactEnumConverterFactory : JsonConverterFactory
{
    public override bool CanConvert(Type typeToConvert) => typeToConvert.IsEnum;

    public override JsonConverter CreateConverter(Type typeToConvert, JsonSerializerOptions options) =>
        (JsonConverter)Activator.CreateInstance(typeof(ExactEnumConverter<>).MakeGenericType(typeToConvert))!;

    /// <summary>The members of an enum by wire name: the generated <c>JsonStringEnumMemberName</c>, else the member's own.</summary>
    public static FrozenDictionary<string, object> WireNames(Type enumType) => enumType
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .ToFrozenDictionary(field => field.GetCustomAttribute<JsonStringEnumMemberNameAttribute>()?.Name ?? field.Name, field => field.GetValue(null)!, StringComparer.Ordinal);
}

internal sealed class ExactEnumConverter<TEnum> : JsonConverter<TEnum> where TEnum : struct, Enum
{
    private static readonly FrozenDictionary<string, object> ByWireName = ExactEnumConverterFactory.WireNames(typeof(TEnum));
    private static readonly FrozenDictionary<TEnum, string> WireNameOf = ByWireName.ToFrozenDictionary(member => (TEnum)member.Value, member => member.Key);

    public override TEnum Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.TokenType == JsonTokenType.String && ByWireName.TryGetValue(reader.GetString()!, out var member)
            ? (TEnum)member
            // Without a message the reader writes its own, naming the enum type; the 400 then lists the wire names.
            : throw new JsonException();

    public override void Write(Utf8JsonWriter writer, TEnum value, JsonSerializerOptions options) => writer.WriteStringValue(WireNameOf[value]);
}
