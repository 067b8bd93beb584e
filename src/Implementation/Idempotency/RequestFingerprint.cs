using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace TenantRegistry.Idempotency;

/// <summary>
/// What a request asks, reduced to a hash: method, path (route and path values) and the body in a canonical form,
/// so that a retry that serializes the same JSON differently (property order, white space) is the same request and
/// one that asks something else under the same key is not. A body that is not JSON counts byte for byte.
/// </summary>
public static class RequestFingerprint
{
    public static byte[] Of(string method, string path, ReadOnlySpan<byte> body)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(Encoding.UTF8.GetBytes($"{method}\n{path}\n"));
        hash.AppendData(Canonical(body));
        return hash.GetHashAndReset();
    }

    private static byte[] Canonical(ReadOnlySpan<byte> body)
    {
        JsonNode? parsed;
        try
        {
            parsed = JsonNode.Parse(body);
        }
        catch (JsonException)
        {
            return body.ToArray();
        }

        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            Write(writer, parsed);
        }

        return buffer.ToArray();
    }

    private static void Write(Utf8JsonWriter writer, JsonNode? node)
    {
        switch (node)
        {
            case JsonObject json:
                writer.WriteStartObject();
                foreach (var (name, value) in json.OrderBy(p => p.Key, StringComparer.Ordinal))
                {
                    writer.WritePropertyName(name);
                    Write(writer, value);
                }

                writer.WriteEndObject();
                break;
            case JsonArray array:
                writer.WriteStartArray();
                foreach (var item in array)
                {
                    Write(writer, item);
                }

                writer.WriteEndArray();
                break;
            case null:
                writer.WriteNullValue();
                break;
            default:
                node.WriteTo(writer);
                break;
        }
    }
}
