using System.Linq.Expressions;
using LinqToDB.Async;

namespace TenantRegistry.Store;

/// <summary>Keyset pages for the list operations (audit events, tenants), and their optional filters.</summary>
public static class Paging
{
    /// <summary>A filter the caller set narrows the rows; one left out (null) does not.</summary>
    public static IQueryable<T> WhereSet<T, TValue>(this IQueryable<T> rows, TValue? value, Func<TValue, Expression<Func<T, bool>>> filter)
        where TValue : class =>
        value is null ? rows : rows.Where(filter(value));

    /// <inheritdoc cref="WhereSet{T, TValue}(IQueryable{T}, TValue, Func{TValue, Expression{Func{T, bool}}})"/>
    public static IQueryable<T> WhereSet<T, TValue>(this IQueryable<T> rows, TValue? value, Func<TValue, Expression<Func<T, bool>>> filter)
        where TValue : struct =>
        value is { } set ? rows.Where(filter(set)) : rows;

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
