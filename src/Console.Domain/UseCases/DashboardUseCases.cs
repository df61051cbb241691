using AdminConsole.Domain.Access;
using AdminConsole.Domain.Model.Access;
using AdminConsole.Domain.Persistence;
using AdminConsole.Domain.Queries;
using Microsoft.EntityFrameworkCore;

namespace AdminConsole.Domain.UseCases;

/// <summary>
/// The dashboard for one reader: the figures they may see, and which of its links lead somewhere they may go (an auditor
/// reads the workspace figures but not the workspace pages, so those figures are not links for them).
/// </summary>
public sealed record DashboardView(
    DashboardSummary Summary,
    RegistrySummary? Registry,
    PostureSummary? Posture,
    bool ShowRecent,
    bool LinkWorkspaces,
    bool LinkSubprocessors,
    bool LinkPosture);

/// <summary>The dashboard's figures, cut to what the reader may see.</summary>
public sealed class DashboardUseCases(
    IDbContextFactory<ConsoleDbContext> dbFactory, TimeProvider clock, IReadOnlyList<PostureJob> postureJobs, int modelReviewIntervalDays = Model.Posture.ModelState.DefaultReviewIntervalDays)
{
    public async Task<Outcome<DashboardView>> GetAsync(CurrentUser user, CancellationToken cancellationToken = default)
    {
        if (UseCase.Require(user, Policies.Console, "The dashboard is for people with a console role.") is { } refused)
            return refused.As<DashboardView>();
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);

        // Auditors read aggregate figures (they go into audit reports) but no workspace by name.
        var auditorView = !user.SeesAllWorkspaces && user.Roles.Contains(ConsoleRoles.Auditor) && !user.Roles.Contains(ConsoleRoles.WorkspaceAdmin);
        var summary = await DashboardQuery.RunAsync(db, auditorView ? db.Workspaces : db.Visible(user), cancellationToken).ConfigureAwait(false);
        var now = clock.GetUtcNow();
        var registry = user.Satisfies(Policies.ViewSubprocessors)
            ? await RegistrySummaryQuery.RunAsync(db, DateOnly.FromDateTime(now.UtcDateTime), cancellationToken).ConfigureAwait(false)
            : null;
        var posture = user.Satisfies(Policies.ViewPosture)
            ? await PostureQuery.SummaryAsync(db, postureJobs, modelReviewIntervalDays, now, cancellationToken).ConfigureAwait(false)
            : null;
        return Outcome.Done(new DashboardView(
            summary, registry, posture,
            ShowRecent: !auditorView,
            LinkWorkspaces: user.Satisfies(Policies.ViewWorkspaces),
            LinkSubprocessors: user.Satisfies(Policies.ViewSubprocessors),
            LinkPosture: user.Satisfies(Policies.ViewPosture)));
    }
}
