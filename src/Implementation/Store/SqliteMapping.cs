using System.Globalization;
using LinqToDB;
using LinqToDB.Data;
using LinqToDB.Mapping;

namespace TenantRegistry.Store;

/// <summary>
/// SQLite has no uuid, timestamp or date types. Values are stored as TEXT in fixed-width forms so that the
/// database file is readable by hand and string comparison orders timestamps correctly.
/// </summary>
internal static class SqliteMapping
{
    private const string TimestampFormat = "yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'";
    private const string DateFormat = "yyyy-MM-dd";

    public static MappingSchema Create()
    {
        var schema = new MappingSchema("TenantRegistry.Sqlite");

        schema.SetConverter<Guid, DataParameter>(value => new DataParameter { Value = value.ToString("D"), DataType = DataType.NVarChar });
        schema.SetConverter<Guid?, DataParameter>(value => new DataParameter { Value = value.HasValue ? value.Value.ToString("D") : null, DataType = DataType.NVarChar });
        schema.SetConverter<string, Guid>(text => Guid.Parse(text));

        // As text, timestamps compare as stored. Typed as DateTimeOffset, linq2db would compare them through
        // strftime(), which keeps only milliseconds and cannot use an index.
        schema.SetDataType(typeof(DateTimeOffset), DataType.NVarChar);
        schema.SetDataType(typeof(DateTimeOffset?), DataType.NVarChar);
        schema.SetConverter<DateTimeOffset, DataParameter>(value => new DataParameter { Value = FormatTimestamp(value), DataType = DataType.NVarChar });
        schema.SetConverter<DateTimeOffset?, DataParameter>(value => new DataParameter { Value = value.HasValue ? FormatTimestamp(value.Value) : null, DataType = DataType.NVarChar });
        schema.SetConverter<string, DateTimeOffset>(text => DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal));

        schema.SetConverter<DateOnly, DataParameter>(value => new DataParameter { Value = value.ToString(DateFormat, CultureInfo.InvariantCulture), DataType = DataType.NVarChar });
        schema.SetConverter<DateOnly?, DataParameter>(value => new DataParameter { Value = value.HasValue ? value.Value.ToString(DateFormat, CultureInfo.InvariantCulture) : null, DataType = DataType.NVarChar });
        schema.SetConverter<string, DateOnly>(text => DateOnly.ParseExact(text, DateFormat, CultureInfo.InvariantCulture));

        return schema;
    }

    public static string FormatTimestamp(DateTimeOffset value) =>
        value.UtcDateTime.ToString(TimestampFormat, CultureInfo.InvariantCulture);
}
