using LinqToDB;
using LinqToDB.Async;

namespace TenantRegistry.Store;

public static class SingleRowReads
{
    /// <summary>
    /// The first row or null, like FirstOrDefaultAsync, but as LIMIT 1 through a list: linq2db 6 treats
    /// FirstOrDefault and SingleOrDefault queries as parameter-dependent and builds their SQL text again on every
    /// execution, while it builds a Take(1) query once and reuses it (docs/performance.md).
    /// </summary>
    public static async Task<T?> FirstOrNullAsync<T>(this IQueryable<T> query, CancellationToken cancellationToken)
        where T : class =>
        (await query.Take(1).ToListAsync(cancellationToken)).FirstOrDefault();
}
