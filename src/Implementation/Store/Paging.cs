using LinqToDB.Async;

namespace TenantRegistry.Store;

/// <summary>Keyset pages for the list operations (audit events, tenants).</summary>
public static class Paging
{
    /// <summary>
    /// Up to <paramref name="limit"/> rows of an ordered query, and whether more follow: one row more than asked tells
    /// whether another page exists, without counting.
    /// </summary>
    public static async Task<(List<T> Page, bool MoreFollow)> PageAsync<T>(this IQueryable<T> ordered, int limit, CancellationToken cancellationToken)
    {
        var page = await ordered.Take(limit + 1).ToListAsync(cancellationToken);
        var moreFollow = page.Count > limit;
        if (moreFollow)
        {
            page.RemoveAt(page.Count - 1);
        }

        return (page, moreFollow);
    }
}
