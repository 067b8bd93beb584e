using System.Buffers.Binary;
using LinqToDB;
using TenantRegistry.Errors;
using TenantRegistry.Store;

namespace TenantRegistry.Tenants;

/// <summary>
/// One page request of GET /v1/tenants: every filter that is set must match; newest first, below the cursor.
/// <paramref name="Slugs"/> is the caller's tenant boundary: only these tenants, or all when null.
/// </summary>
public sealed record TenantListQuery(string? Status, string? Kind, string? Plan, string? Prefix, int Limit, TenantCursor? After,
    IReadOnlySet<string>? Slugs = null)
{
    public const int DefaultLimit = 50;
    public const int MaxLimit = 500;
}

/// <summary>
/// Where a page of tenants ended: the last tenant's (created_at, id), the listing's order. Opaque on the wire
/// (base64url of 8 bytes of created_at in microseconds and the 16 bytes of the id: 32 characters, no padding), so
/// clients need not know what it holds and the order can change without breaking them.
/// </summary>
public readonly record struct TenantCursor(DateTimeOffset CreatedAt, Guid Id)
{
    private const int Length = 24;

    public static TenantCursor Of(TenantRow tenant) => new(tenant.CreatedAt, tenant.Id);

    public override string ToString()
    {
        Span<byte> bytes = stackalloc byte[Length];
        BinaryPrimitives.WriteInt64BigEndian(bytes, (CreatedAt.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) / TimeSpan.TicksPerMicrosecond);
        Id.TryWriteBytes(bytes[8..], bigEndian: true, out _);
        return Convert.ToBase64String(bytes).Replace('+', '-').Replace('/', '_');
    }

    public static TenantCursor? Parse(string text)
    {
        Span<byte> bytes = stackalloc byte[Length];
        var base64 = text.Replace('-', '+').Replace('_', '/');
        if (text.Length != 32 || !Convert.TryFromBase64String(base64, bytes, out var written) || written != Length)
        {
            return null;
        }

        var micros = BinaryPrimitives.ReadInt64BigEndian(bytes);
        if (micros < 0 || micros > (DateTimeOffset.MaxValue.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) / TimeSpan.TicksPerMicrosecond)
        {
            return null;
        }

        return new TenantCursor(DateTimeOffset.UnixEpoch.AddTicks(micros * TimeSpan.TicksPerMicrosecond), new Guid(bytes[8..], bigEndian: true));
    }
}

/// <summary>
/// Lists tenants newest first by keyset paging on (created_at, id): a page below the cursor never shifts when tenants
/// are created meanwhile (they sort above it), so no tenant is skipped or repeated. Backed by the indexes of
/// migration 9 (docs/behaviour.md, "Listing tenants").
/// </summary>
public sealed class TenantListing(RegistryDb db)
{
    public async Task<(List<TenantRow> Tenants, bool MoreFollow)> ListAsync(TenantListQuery query, CancellationToken cancellationToken)
    {
        // Slugs are lower case by their pattern; names are compared in lower case (lower(name) is indexed).
        var tenants = db.Tenants
            .WhereSet(query.Slugs, slugs => t => slugs.Contains(t.Slug))
            .WhereSet(query.Status, status => t => t.Status == status)
            .WhereSet(query.Kind, kind => t => t.Kind == kind)
            .WhereSet(query.Plan, plan => t => t.Plan == plan)
            .WhereSet(query.Prefix?.ToLowerInvariant(), prefix => t => t.Slug.StartsWith(prefix) || t.Name.ToLower().StartsWith(prefix))
            .WhereSet(query.After, after => t => Sql.Row(t.CreatedAt, t.Id) < Sql.Row(after.CreatedAt, after.Id));

        return await tenants.OrderByDescending(t => t.CreatedAt).ThenByDescending(t => t.Id).PageAsync(query.Limit, cancellationToken);
    }

    public static string? Problem(int limit, string? plan, string? prefix, string? cursor) =>
        limit is < 1 or > TenantListQuery.MaxLimit ? $"limit must be between 1 and {TenantListQuery.MaxLimit}"
        : prefix is { Length: 0 } ? "q must not be empty"
        : prefix is { Length: > TenantInput.MaxTextLength } ? $"q is longer than {TenantInput.MaxTextLength} characters"
        : plan is { Length: > TenantInput.MaxTextLength } ? $"plan is longer than {TenantInput.MaxTextLength} characters"
        : cursor is not null && TenantCursor.Parse(cursor) is null ? WireMessages.CursorMalformed
        : null;
}
