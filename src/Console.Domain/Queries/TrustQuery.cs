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

/// <summary>A model serving customers, as the trust page and its JSON list it.</summary>
public sealed record PublicModel(
    string Provider,
    string Name,
    string Version,
    string Purpose,
    IReadOnlyList<string> Features,
    string HostingRegion,
    bool ZeroRetention,
    int? ProviderRetentionDays,
    bool TrainedOnCustomerData,
    DateTimeOffset? InProductionSince);

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

    /// <summary>The models in production, by provider and name; never a proposed, approved-but-waiting or retired one.</summary>
    public static async Task<IReadOnlyList<PublicModel>> ModelsAsync(ConsoleDbContext db, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        var serving = await db.AiModels.AsNoTracking()
            .Where(m => m.Stage == Model.AiModels.AiModelStage.InProduction)
            .Join(db.Subprocessors.AsNoTracking(), m => m.ProviderId, s => s.Id, (m, s) => new { Model = m, Provider = s.LegalName })
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        return serving
            .OrderBy(x => x.Provider, StringComparer.Ordinal).ThenBy(x => x.Model.Name, StringComparer.Ordinal).ThenBy(x => x.Model.Version, StringComparer.Ordinal)
            .Select(x => new PublicModel(
                x.Provider, x.Model.Name, x.Model.Version, x.Model.Purpose.ToString(), [.. x.Model.Features.Select(f => f.ToString())], x.Model.Region,
                x.Model.ZeroRetention, x.Model.ZeroRetention ? 0 : x.Model.RetentionDays, TrainedOnCustomerData: false, x.Model.InProductionAt))
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
