using AdminConsole.Domain.Access;
using AdminConsole.Domain.Commands;
using AdminConsole.Domain.Model.Jobs;
using AdminConsole.Domain.Model.Subprocessors;
using AdminConsole.Domain.Persistence;
using AdminConsole.Domain.Queries;
using Microsoft.EntityFrameworkCore;

namespace AdminConsole.Domain.UseCases;

/// <summary>A subprocessor as the registry lists it.</summary>
public sealed record SubprocessorListItem(
    Guid Id, string LegalName, ProcessingCategory Category, SubprocessorStatus Status, RiskTier RiskTier, IReadOnlyList<string> Countries,
    DateTimeOffset? EffectiveAt, DateOnly? ReviewDue, bool ReviewOverdue);

/// <summary>One page of the registry.</summary>
public sealed record SubprocessorListPage(IReadOnlyList<SubprocessorListItem> Items, int Total);

/// <summary>
/// A subprocessor's page: the subprocessor with its reviews, its notices and who was told, objections, reminders sent,
/// and what the reader may do (manage it; see subscribers' addresses).
/// </summary>
public sealed record SubprocessorDetailView(
    Subprocessor Subprocessor, IReadOnlyList<NoticeSummary> Notices, IReadOnlyList<ObjectionRow> Objections, IReadOnlyList<SentReminder> Reminders,
    bool CanManage, bool CanSeeSubscribers, DateOnly Today, DateTimeOffset EarliestEffective, int NoticeDays);

/// <summary>A notice and the subprocessor it is about, for its deliveries' page.</summary>
public sealed record NoticeView(Notice Notice, string SubprocessorName);

/// <summary>
/// The subprocessor registry: admins, compliance officers and auditors read it; admins and officers propose, edit,
/// publish notices, retire and record reviews. Subscribers' addresses (deliveries, objections, the subscriber list) are
/// for those who may see subscribers. A notice published or a retirement starts the notice dispatch at once.
/// </summary>
public sealed class SubprocessorUseCases(
    IDbContextFactory<ConsoleDbContext> dbFactory, SubprocessorCommands commands, SubprocessorOptions options, IJobScheduler scheduler, TimeProvider clock, string noticeDispatchJob)
{
    public const int SearchMaxLength = 200;

    private const string MayNotRead = "Your role may not read the subprocessor registry.";
    private const string MayNotManage = "Only compliance officers and administrators change the registry.";
    private const string MayNotSeeSubscribers = "Your role may not see the subscribers.";

    public async Task<Outcome<SubprocessorListPage>> ListAsync(CurrentUser user, string? search, SubprocessorStatus? status, int skip, int take, CancellationToken cancellationToken = default)
    {
        if (UseCase.Require(user, Policies.ViewSubprocessors, MayNotRead) is { } refused)
            return refused.As<SubprocessorListPage>();
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        var query = db.Subprocessors.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(search))
        {
#pragma warning disable CA1304, CA1311, CA1862 // translated to SQL lower()
            var term = search.Trim()[..Math.Min(search.Trim().Length, SearchMaxLength)].ToLower();
            query = query.Where(s => s.LegalName.ToLower().Contains(term));
#pragma warning restore CA1304, CA1311, CA1862
        }

        if (status is { } wanted)
            query = query.Where(s => s.Status == wanted);
        var total = await query.CountAsync(cancellationToken).ConfigureAwait(false);
        var page = await query.OrderBy(s => s.LegalName).ThenBy(s => s.Id)
            .Skip(Math.Max(0, skip)).Take(Math.Clamp(take, 1, 100))
            .Include(s => s.Reviews)
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        return Outcome.Done(new SubprocessorListPage(
            [.. page.Select(s => new SubprocessorListItem(s.Id, s.LegalName, s.Category, s.Status, s.RiskTier, s.Countries, s.EffectiveAt, s.ReviewDueOn(), s.IsReviewOverdue(today)))],
            total));
    }

    public async Task<Outcome<SubprocessorDetailView>> DetailAsync(CurrentUser user, Guid id, CancellationToken cancellationToken = default)
    {
        if (UseCase.Require(user, Policies.ViewSubprocessors, MayNotRead) is { } refused)
            return refused.As<SubprocessorDetailView>();
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        var subprocessor = await db.Subprocessors.AsNoTracking().Include(s => s.Reviews).SingleOrDefaultAsync(s => s.Id == id, cancellationToken).ConfigureAwait(false);
        if (subprocessor is null)
            return Outcome.NotFound("There is no such subprocessor.").As<SubprocessorDetailView>();
        var seesSubscribers = user.Satisfies(Policies.ViewSubscribers);
        var notices = await NoticeDeliveryQuery.ForSubprocessorAsync(db, id, cancellationToken).ConfigureAwait(false);
        var objections = await NoticeDeliveryQuery.ObjectionsAsync(db, id, cancellationToken).ConfigureAwait(false);
        var reminders = await ReminderQuery.SentForSubprocessorAsync(db, id, cancellationToken).ConfigureAwait(false);
        var now = clock.GetUtcNow();
        return Outcome.Done(new SubprocessorDetailView(
            subprocessor, notices,
            // A subscriber's address is personal data: for those who may see subscribers only.
            seesSubscribers ? objections : [.. objections.Select(o => o with { Email = string.Empty })],
            reminders, user.Satisfies(Policies.ManageSubprocessors), seesSubscribers,
            DateOnly.FromDateTime(now.UtcDateTime), Subprocessor.EarliestOfferedEffectiveAt(now, options.NoticePeriod), options.NoticePeriodDays));
    }

    /// <summary>Builds the details from the form (the model's rules apply there, naming the field) and saves them.</summary>
    public Task<Outcome<Guid>> ProposeAsync(CurrentUser user, Func<SubprocessorDetails> details, CancellationToken cancellationToken = default) =>
        UseCase.Require(user, Policies.ManageSubprocessors, MayNotManage) is { } refused
            ? Task.FromResult(refused.As<Guid>())
            : UseCase.RunAsync(() => commands.ProposeAsync(user.Actor, details(), cancellationToken), "Subprocessor proposed");

    public Task<Outcome> UpdateAsync(CurrentUser user, Guid id, Func<SubprocessorDetails> details, CancellationToken cancellationToken = default) =>
        ManageAsync(user, id, () => commands.UpdateAsync(user.Actor, id, details(), cancellationToken), "Details saved", false, cancellationToken);

    /// <summary>Publishes the notice, effective at <paramref name="effectiveAt"/> (at least the notice period away), and tells subscribers now.</summary>
    public Task<Outcome> PublishNoticeAsync(CurrentUser user, Guid id, DateTimeOffset effectiveAt, CancellationToken cancellationToken = default) =>
        ManageAsync(user, id, () => commands.PublishNoticeAsync(user.Actor, id, effectiveAt, cancellationToken), "Notice published", true, cancellationToken);

    public Task<Outcome> RetireAsync(CurrentUser user, Guid id, CancellationToken cancellationToken = default) =>
        ManageAsync(user, id, () => commands.RetireAsync(user.Actor, id, cancellationToken), "Subprocessor retired", true, cancellationToken);

    public Task<Outcome> RecordReviewAsync(
        CurrentUser user, Guid id, DateOnly reviewedOn, string? reviewer, ReviewArtifacts artifacts, ReviewOutcome outcome, string? notes, DateOnly? nextDue, CancellationToken cancellationToken = default) =>
        ManageAsync(user, id, () => commands.RecordReviewAsync(user.Actor, id, reviewedOn, reviewer, artifacts, outcome, notes, nextDue, cancellationToken), "Review recorded", false, cancellationToken);

    /// <summary>A notice, for its deliveries' page: for those who may see subscribers.</summary>
    public async Task<Outcome<NoticeView>> NoticeAsync(CurrentUser user, Guid noticeId, CancellationToken cancellationToken = default)
    {
        if (UseCase.Require(user, Policies.ViewSubscribers, MayNotSeeSubscribers) is { } refused)
            return refused.As<NoticeView>();
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        var notice = await db.Notices.AsNoTracking().SingleOrDefaultAsync(n => n.Id == noticeId, cancellationToken).ConfigureAwait(false);
        if (notice is null)
            return Outcome.NotFound("There is no such notice.").As<NoticeView>();
        var name = await db.Subprocessors.Where(s => s.Id == notice.SubprocessorId).Select(s => s.LegalName).SingleAsync(cancellationToken).ConfigureAwait(false);
        return Outcome.Done(new NoticeView(notice, name));
    }

    /// <summary>A page of a notice's deliveries, of one status or all.</summary>
    public async Task<Outcome<(IReadOnlyList<DeliveryRow> Rows, int Total)>> DeliveriesAsync(CurrentUser user, Guid noticeId, DeliveryStatus? status, int skip, int take, CancellationToken cancellationToken = default)
    {
        if (UseCase.Require(user, Policies.ViewSubscribers, MayNotSeeSubscribers) is { } refused)
            return refused.As<(IReadOnlyList<DeliveryRow>, int)>();
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        return Outcome.Done(await NoticeDeliveryQuery.DeliveriesAsync(db, noticeId, status, skip, take, cancellationToken).ConfigureAwait(false));
    }

    /// <summary>How many subscribers there are per status.</summary>
    public async Task<Outcome<SubscriptionCounts>> SubscriberCountsAsync(CurrentUser user, CancellationToken cancellationToken = default)
    {
        if (UseCase.Require(user, Policies.ViewSubscribers, MayNotSeeSubscribers) is { } refused)
            return refused.As<SubscriptionCounts>();
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        return Outcome.Done(await SubscriptionListQuery.CountAsync(db, cancellationToken).ConfigureAwait(false));
    }

    /// <summary>A page of the subscribers the request selects.</summary>
    public async Task<Outcome<SubscriptionListPage>> SubscribersAsync(CurrentUser user, SubscriptionListRequest request, CancellationToken cancellationToken = default)
    {
        if (UseCase.Require(user, Policies.ViewSubscribers, MayNotSeeSubscribers) is { } refused)
            return refused.As<SubscriptionListPage>();
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        return Outcome.Done(await SubscriptionListQuery.RunAsync(db, request, cancellationToken).ConfigureAwait(false));
    }

    private async Task<Outcome> ManageAsync(CurrentUser user, Guid id, Func<Task> change, string done, bool tellsSubscribers, CancellationToken cancellationToken)
    {
        if (UseCase.Require(user, Policies.ManageSubprocessors, MayNotManage) is { } refused)
            return refused;
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false))
        {
            if (!await db.Subprocessors.AnyAsync(s => s.Id == id, cancellationToken).ConfigureAwait(false))
                return Outcome.NotFound("There is no such subprocessor.");
        }

        var outcome = await UseCase.RunAsync(change, done).ConfigureAwait(false);

        // The deliveries are queued with the change: if the dispatch cannot start now, its next scheduled run sends them.
        if (outcome.Succeeded && tellsSubscribers)
            await Task.Run(() => scheduler.RunNow(noticeDispatchJob), cancellationToken).ConfigureAwait(false);
        return outcome;
    }
}
