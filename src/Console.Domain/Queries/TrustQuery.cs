using AdminConsole.Domain.Model.Subprocessors;
using AdminConsole.Domain.Persistence;
using Microsoft.EntityFrameworkCore;

namespace AdminConsole.Domain.Queries;

public sealed record PublicSubprocessor(
    string LegalName,
    string Purpose,
    string Category,
    IReadOnlyList<string> DataCategories,
    IReadOnlyList<string> Countries,
    IReadOnlyList<string> Certifications,
    string? Website,
    string Status,
    DateTimeOffset? EffectiveAt);

public sealed record PublicNotice(Guid Id, string Kind, string Title, string Summary, DateTimeOffset PublishedAt, DateTimeOffset EffectiveAt);

/// <summary>
/// What the public trust page, its JSON and its feed show: authorized subprocessors and those in their notice
/// period (with the date they take effect), never proposed or retired ones, and the notices.
/// </summary>
public static class TrustQuery
{
    public const int FeedSize = 50;

    public static async Task<IReadOnlyList<PublicSubprocessor>> SubprocessorsAsync(ConsoleDbContext db, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        var listed = await db.Subprocessors.AsNoTracking()
            .Where(s => s.Status == SubprocessorStatus.Authorized || s.Status == SubprocessorStatus.NoticePeriod)
            .OrderBy(s => s.LegalName)
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        return listed.Select(s => new PublicSubprocessor(
                s.LegalName, s.Purpose, s.Category.ToString(), s.DataCategories, s.Countries,
                s.Certifications.Select(c => c.Type.ToString()).ToList(), s.Website,
                s.Status == SubprocessorStatus.Authorized ? "authorized" : "upcoming", s.EffectiveAt))
            .ToList();
    }

    public static async Task<IReadOnlyList<PublicNotice>> NoticesAsync(ConsoleDbContext db, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        var notices = await db.Notices.AsNoTracking()
            .OrderByDescending(n => n.PublishedAt).ThenBy(n => n.Id)
            .Take(FeedSize)
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        return notices.Select(n => new PublicNotice(n.Id, n.Kind.ToString(), n.Title, n.Summary, n.PublishedAt, n.EffectiveAt)).ToList();
    }
}
