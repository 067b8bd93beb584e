using System.Globalization;
using System.Text;
using System.Text.Json;

namespace TenantRegistry.Audit.Evidence;

/// <summary>
/// The bytes an event's hash is taken over (version 1, docs/audit.md "Canonical form"): the RFC 8785 canonical JSON of
/// an object with the event's stored fields under their wire names, fields without a value left out, `id` a number,
/// `created_at` in UTC with exactly six fractional digits, uuids in lower-case 8-4-4-4-12 form, `metadata` the
/// stored object canonicalised. The field list is fixed here, not taken from the wire schema, so that a field added to
/// the API later does not change the hash of events sealed before it.
/// </summary>
public static class EventCanonicalForm
{
    private const string TimestampFormat = "yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'";

    private static readonly string[] TextFields =
        ["action", "actor_id", "actor_name", "actor_type", "product", "source_ip", "target_id", "target_name", "target_type", "user_agent"];

    public static byte[] Of(AuditEventRow row)
    {
        var fields = new SortedDictionary<string, string>(StringComparer.Ordinal)
        {
            ["id"] = CanonicalJson.FormatNumber(row.Id),
            ["created_at"] = Quoted(FormatTimestamp(row.CreatedAt)),
        };
        AddText(fields, "action", row.Action);
        AddText(fields, "actor_id", row.ActorId);
        AddText(fields, "actor_name", row.ActorName);
        AddText(fields, "actor_type", row.ActorType);
        AddText(fields, "product", row.Product);
        AddText(fields, "source_ip", row.SourceIp);
        AddText(fields, "target_id", row.TargetId);
        AddText(fields, "target_name", row.TargetName);
        AddText(fields, "target_type", row.TargetType);
        AddText(fields, "user_agent", row.UserAgent);
        AddText(fields, "tenant_id", row.TenantId?.ToString("D"));
        AddText(fields, "project_id", row.ProjectId?.ToString("D"));
        if (row.Metadata is not null)
        {
            using var metadata = JsonDocument.Parse(row.Metadata);
            fields["metadata"] = Canonical(metadata.RootElement);
        }

        return Encode(fields);
    }

    /// <summary>The same bytes from an event as the export writes it (the AuditEvent wire form).</summary>
    /// <exception cref="FormatException">A field has a form no stored event can have.</exception>
    public static byte[] Of(JsonElement wireEvent)
    {
        if (wireEvent.ValueKind != JsonValueKind.Object)
        {
            throw new FormatException("the event is not a JSON object");
        }

        var fields = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var property in wireEvent.EnumerateObject())
        {
            // A field outside the version 1 form (one a later API version may add) is not hashed.
            if (CanonicalValue(property) is { } value)
            {
                fields[property.Name] = value;
            }
        }

        return Encode(fields);
    }

    private static string? CanonicalValue(JsonProperty property) => property.Name switch
    {
        "id" when property.Value.TryGetInt64(out var id) => CanonicalJson.FormatNumber(id),
        "created_at" when property.Value.ValueKind == JsonValueKind.String =>
            Quoted(FormatTimestamp(DateTimeOffset.Parse(property.Value.GetString()!, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal))),
        "tenant_id" or "project_id" when property.Value.ValueKind == JsonValueKind.String =>
            Quoted(Guid.Parse(property.Value.GetString()!).ToString("D")),
        "metadata" when property.Value.ValueKind == JsonValueKind.Object => Canonical(property.Value),
        "id" or "created_at" or "tenant_id" or "project_id" or "metadata" => throw new FormatException($"the event's {property.Name} has a form no stored event has"),
        _ when TextFields.Contains(property.Name) => property.Value.ValueKind == JsonValueKind.String
            ? Quoted(property.Value.GetString()!)
            : throw new FormatException($"the event's {property.Name} is not a string"),
        _ => null,
    };

    public static string FormatTimestamp(DateTimeOffset value) => value.UtcDateTime.ToString(TimestampFormat, CultureInfo.InvariantCulture);

    private static void AddText(SortedDictionary<string, string> fields, string name, string? value)
    {
        if (value is not null)
        {
            fields[name] = Quoted(value);
        }
    }

    private static string Quoted(string value)
    {
        var text = new StringBuilder(value.Length + 2);
        CanonicalJson.WriteString(text, value);
        return text.ToString();
    }

    private static string Canonical(JsonElement value)
    {
        var text = new StringBuilder();
        CanonicalJson.Write(text, value);
        return text.ToString();
    }

    private static byte[] Encode(SortedDictionary<string, string> fields)
    {
        var text = new StringBuilder("{");
        foreach (var (name, value) in fields)
        {
            text.Append(text.Length == 1 ? "" : ",");
            CanonicalJson.WriteString(text, name);
            text.Append(':').Append(value);
        }

        return Encoding.UTF8.GetBytes(text.Append('}').ToString());
    }
}
