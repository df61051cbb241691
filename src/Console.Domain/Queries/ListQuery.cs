using System.Linq.Expressions;

namespace AdminConsole.Domain.Queries;

/// <summary>What the list queries share: how a search text becomes a term, and sorting in either direction.</summary>
internal static class ListQuery
{
    /// <summary>
    /// The text trimmed, cut to <paramref name="maxLength"/> and lower-cased, to be matched against lower()
    /// columns: the same case-insensitive match on SQLite and PostgreSQL. Null when there is nothing to search.
    /// </summary>
    public static string? SearchTerm(string? search, int maxLength)
    {
        var term = search?.Trim();
        if (string.IsNullOrEmpty(term))
            return null;
#pragma warning disable CA1304, CA1311 // compared with SQL lower(); culture rules do not apply there
        return (term.Length > maxLength ? term[..maxLength] : term).ToLower();
#pragma warning restore CA1304, CA1311
    }

    public static IOrderedQueryable<T> SortBy<T, TKey>(this IQueryable<T> query, Expression<Func<T, TKey>> key, bool descending) =>
        descending ? query.OrderByDescending(key) : query.OrderBy(key);
}
