using AdminConsole.Domain.Model.Subprocessors;
using AdminConsole.Domain.Persistence;
using Microsoft.EntityFrameworkCore;

namespace AdminConsole.Domain.Queries;

public enum SubscriptionSortField
{
    CreatedAt = 0,
    Email = 1,
    Company = 2,
    Status = 3,
    ConfirmedAt = 4,
    UnsubscribedAt = 5,
}

/// <summary>Which subscriptions: a text matched against email and company, and a status.</summary>
public sealed record SubscriptionFilter(string? Search = null, SubscriptionStatus? Status = null)
{
    public const int SearchMaxLength = Subscription.EmailMaxLength;
}

public sealed record SubscriptionListRequest(
    SubscriptionFilter Filter,
    SubscriptionSortField SortBy = SubscriptionSortField.CreatedAt,
    bool Descending = true,
    int Skip = 0,
    int Take = 25)
{
    public const int MaxTake = 200;
}

public sealed record SubscriptionListItem(
    Guid Id,
    string Email,
    string? Company,
    SubscriptionStatus Status,
    DateTimeOffset CreatedAt,
    DateTimeOffset? ConfirmedAt,
    DateTimeOffset? UnsubscribedAt);

public sealed record SubscriptionListPage(IReadOnlyList<SubscriptionListItem> Items, int Total);

public sealed record SubscriptionCounts(int Pending, int Confirmed, int Unsubscribed)
{
    public int Total => Pending + Confirmed + Unsubscribed;
}

/// <summary>
/// The subscribers grid and its export: filtered, sorted and paged in SQL, so a hundred thousand
/// subscriptions cost what ten do.
/// </summary>
public static class SubscriptionListQuery
{
    public const int ExportPageSize = 500;

    public static async Task<SubscriptionListPage> RunAsync(ConsoleDbContext db, SubscriptionListRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(request);
        var query = Filter(db.Subscriptions.AsNoTracking(), request.Filter);
        var total = await query.CountAsync(cancellationToken).ConfigureAwait(false);
        var items = await Project(Sort(query, request.SortBy, request.Descending)
                .Skip(Math.Max(0, request.Skip))
                .Take(Math.Clamp(request.Take, 1, SubscriptionListRequest.MaxTake)))
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        return new SubscriptionListPage(items, total);
    }

    /// <summary>How many subscriptions are in each status, whatever the filter.</summary>
    public static async Task<SubscriptionCounts> CountAsync(ConsoleDbContext db, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        var counts = await db.Subscriptions.AsNoTracking().GroupBy(s => s.Status).Select(g => new { g.Key, Count = g.Count() })
            .ToDictionaryAsync(g => g.Key, g => g.Count, cancellationToken).ConfigureAwait(false);
        return new SubscriptionCounts(
            counts.GetValueOrDefault(SubscriptionStatus.Pending),
            counts.GetValueOrDefault(SubscriptionStatus.Confirmed),
            counts.GetValueOrDefault(SubscriptionStatus.Unsubscribed));
    }

    /// <summary>
    /// The next page of an export, by email address after <paramref name="after"/> (null for the first page).
    /// Keyset paging on the unique normalized address: each page is one index range, however deep the export.
    /// </summary>
    public static Task<List<SubscriptionListItem>> ExportPageAsync(ConsoleDbContext db, SubscriptionFilter filter, SubscriptionListItem? after, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(filter);
        var query = Filter(db.Subscriptions.AsNoTracking(), filter);
        if (after is not null)
        {
            // The normalized address is the lower-cased one (Subscription.Normalize).
            var cursor = after.Email.ToLowerInvariant();
#pragma warning disable CA1309 // translated to SQL '>' under the column's collation, the same one ORDER BY uses
            query = query.Where(s => string.Compare(s.NormalizedEmail, cursor) > 0);
#pragma warning restore CA1309
        }

        return Project(query.OrderBy(s => s.NormalizedEmail).Take(ExportPageSize)).ToListAsync(cancellationToken);
    }

    private static IQueryable<Subscription> Filter(IQueryable<Subscription> query, SubscriptionFilter filter)
    {
        if (ListQuery.SearchTerm(filter.Search, SubscriptionFilter.SearchMaxLength) is { } term)
        {
            // The normalized address is lower case already.
#pragma warning disable CA1304, CA1311, CA1862 // translated to SQL lower(); culture rules do not apply there
            query = query.Where(s => s.NormalizedEmail.Contains(term) || (s.Company != null && s.Company.ToLower().Contains(term)));
#pragma warning restore CA1304, CA1311, CA1862
        }

        if (filter.Status is { } status)
            query = query.Where(s => s.Status == status);
        return query;
    }

    private static IOrderedQueryable<Subscription> Sort(IQueryable<Subscription> query, SubscriptionSortField field, bool descending)
    {
        var sorted = field switch
        {
            SubscriptionSortField.Email => query.SortBy(s => s.NormalizedEmail, descending),
            SubscriptionSortField.Company => query.SortBy(s => s.Company, descending),
            SubscriptionSortField.Status => query.SortBy(s => s.Status, descending),
            SubscriptionSortField.ConfirmedAt => query.SortBy(s => s.ConfirmedAt, descending),
            SubscriptionSortField.UnsubscribedAt => query.SortBy(s => s.UnsubscribedAt, descending),
            _ => query.SortBy(s => s.CreatedAt, descending),
        };

        // A unique tie-breaker keeps pages stable when many rows share the sort value.
        return sorted.ThenBy(s => s.Id);
    }

    private static IQueryable<SubscriptionListItem> Project(IQueryable<Subscription> query) =>
        query.Select(s => new SubscriptionListItem(s.Id, s.Email, s.Company, s.Status, s.CreatedAt, s.ConfirmedAt, s.UnsubscribedAt));
}
