using AdminConsole.Domain.Model.Audit;
using AdminConsole.Domain.Model.Common;
using AdminConsole.Domain.Model.Subprocessors;
using AdminConsole.Domain.Persistence;
using Microsoft.EntityFrameworkCore;

namespace AdminConsole.Domain.Commands;

/// <summary>The <c>Subprocessors</c> configuration section.</summary>
public sealed class SubprocessorOptions
{
    public const string SectionName = "Subprocessors";

    /// <summary>Days between a notice and its effective date; the published commitment is 30, never less.</summary>
    public int NoticePeriodDays { get; set; } = 30;

    public TimeSpan NoticePeriod => TimeSpan.FromDays(NoticePeriodDays);
}

/// <summary>Registry changes made by compliance officers; each saved with its audit entry.</summary>
public sealed class SubprocessorCommands(IDbContextFactory<ConsoleDbContext> dbFactory, TimeProvider clock, SubprocessorOptions options)
{
    public async Task<Guid> ProposeAsync(AuditActor actor, SubprocessorDetails details, CancellationToken cancellationToken = default)
    {
        var now = clock.GetUtcNow();
        var subprocessor = Subprocessor.Propose(details, now);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        db.Subprocessors.Add(subprocessor);
        db.Audit(actor, Record("subprocessor.proposed", subprocessor, null, Snapshot(subprocessor)), now);
        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        return subprocessor.Id;
    }

    public Task UpdateAsync(AuditActor actor, Guid id, SubprocessorDetails details, CancellationToken cancellationToken = default) =>
        ChangeAsync(actor, id, "subprocessor.updated", (s, now) => s.UpdateDetails(details, now), cancellationToken);

    public Task PublishNoticeAsync(AuditActor actor, Guid id, DateTimeOffset effectiveAt, CancellationToken cancellationToken = default) =>
        ChangeAsync(actor, id, "subprocessor.notice-published", (s, now) => s.PublishNotice(now, effectiveAt, options.NoticePeriod), cancellationToken);

    public Task RetireAsync(AuditActor actor, Guid id, CancellationToken cancellationToken = default) =>
        ChangeAsync(actor, id, "subprocessor.retired", (s, now) => s.Retire(now), cancellationToken);

    /// <summary>A change that may publish a notice: the notice and one delivery per confirmed subscriber are saved with it.</summary>
    private async Task ChangeAsync(AuditActor actor, Guid id, string action, Func<Subprocessor, DateTimeOffset, Notice?> change, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actor);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        Notice? notice = null;
        await ApplyAsync(db, actor, id, action, (s, now, _) =>
        {
            notice = change(s, now);
            if (notice is not null)
                db.Notices.Add(notice);
        }, cancellationToken).ConfigureAwait(false);
        if (notice is not null)
            await NoticeFanOut.QueueDeliveriesAsync(db, notice, notice.PublishedAt, cancellationToken).ConfigureAwait(false);

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    private Task ChangeAsync(AuditActor actor, Guid id, string action, Action<Subprocessor, DateTimeOffset> change, CancellationToken cancellationToken) =>
        ChangeAsync(actor, id, action, (s, now, _) => change(s, now), cancellationToken);

    public Task RecordReviewAsync(
        AuditActor actor, Guid id, DateOnly reviewedOn, string? reviewer, ReviewArtifacts artifacts, ReviewOutcome outcome, string? notes, DateOnly? nextDue, CancellationToken cancellationToken = default) =>
        ChangeAsync(actor, id, "subprocessor.reviewed", (s, now) =>
        {
            s.RecordReview(reviewedOn, reviewer, artifacts, outcome, notes, nextDue, DateOnly.FromDateTime(now.UtcDateTime));
        }, cancellationToken);

    private async Task ChangeAsync(AuditActor actor, Guid id, string action, Action<Subprocessor, DateTimeOffset, ConsoleDbContext> change, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actor);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        await ApplyAsync(db, actor, id, action, change, cancellationToken).ConfigureAwait(false);
    }

    private async Task ApplyAsync(ConsoleDbContext db, AuditActor actor, Guid id, string action, Action<Subprocessor, DateTimeOffset, ConsoleDbContext> change, CancellationToken cancellationToken)
    {
        var subprocessor = await db.Subprocessors.Include(s => s.Reviews).SingleOrDefaultAsync(s => s.Id == id, cancellationToken).ConfigureAwait(false)
            ?? throw new DomainRuleException(nameof(Subprocessor), "The subprocessor does not exist.");
        var now = clock.GetUtcNow();
        var before = Snapshot(subprocessor);
        change(subprocessor, now, db);
        db.Audit(actor, Record(action, subprocessor, before, Snapshot(subprocessor)), now);
        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
    }

    private static AuditRecord Record(string action, Subprocessor s, object? before, object? after) =>
        new(action, "Subprocessor", s.Id.ToString(), null, before, after);

    private static object Snapshot(Subprocessor s) => new
    {
        s.LegalName,
        s.Purpose,
        Category = s.Category.ToString(),
        DataCategories = string.Join(", ", s.DataCategories),
        Countries = string.Join(", ", s.Countries),
        Certifications = string.Join(", ", s.Certifications.Select(c => $"{c.Type} until {c.ExpiresOn:yyyy-MM-dd}")),
        s.DpaReference,
        s.ZeroRetentionCapable,
        s.RetentionDays,
        RiskTier = s.RiskTier.ToString(),
        s.Website,
        Status = s.Status.ToString(),
        EffectiveAt = s.EffectiveAt?.ToString("yyyy-MM-dd HH:mm 'UTC'", System.Globalization.CultureInfo.InvariantCulture),
        Reviews = s.Reviews.Count,
    };
}
