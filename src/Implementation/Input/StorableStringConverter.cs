using System.Text.Json;
using System.Text.Json.Serialization;

namespace TenantRegistry.Input;

/// <summary>
/// Reads every string property of every request body through <see cref="InputText"/>: one place instead of a check
/// per field. The JSON reader names the property's path, so the 400 says which field held the NUL.
/// </summary>
internal sealed class StorableStringConverter : JsonConverter<string>
{
    public override string Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.String)
        {
            // The reader's own failure, so the message names the expected type like every other wrong-type value.
            throw new JsonException();
        }

        var text = reader.GetString()!;
        return InputText.IsStorable(text) ? text : throw new JsonException(InputText.NulRefused);
    }

    public override void Write(Utf8JsonWriter writer, string value, JsonSerializerOptions options) => writer.WriteStringValue(value);
}
