using AdminConsole.Domain.Access;
using AdminConsole.Domain.Commands;
using AdminConsole.Domain.Model.Retention;
using AdminConsole.Domain.Model.Workspaces;
using AdminConsole.Domain.Persistence;
using Microsoft.EntityFrameworkCore;

namespace AdminConsole.Domain.UseCases;

public sealed record RetentionPolicyView(Plan Plan, RetentionTerms Terms, int Version, DateTimeOffset ChangedAt, string ChangedBy);

/// <summary>Each plan's terms in force, every version of them (newest first), and whether the reader may change them.</summary>
public sealed record RetentionView(IReadOnlyList<RetentionPolicyView> Policies, IReadOnlyDictionary<Plan, IReadOnlyList<RetentionPolicyView>> History, bool CanManage);

/// <summary>The retention policy of each plan: every console role reads it; compliance officers and admins change it.</summary>
public sealed class RetentionUseCases(IDbContextFactory<ConsoleDbContext> dbFactory, RetentionPolicyCommands commands)
{
    public async Task<Outcome<RetentionView>> GetAsync(CurrentUser user, CancellationToken cancellationToken = default)
    {
        if (UseCase.Require(user, Policies.ViewRetention, "Your role may not read the retention policies.") is { } refused)
            return refused.As<RetentionView>();
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        var policies = await db.RetentionPolicies.AsNoTracking()
            .Select(p => new RetentionPolicyView(p.Plan, p.Terms, p.Version, p.ChangedAt, p.ChangedBy))
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        var versions = await db.RetentionPolicyVersions.AsNoTracking()
            .Select(v => new RetentionPolicyView(v.Plan, v.Terms, v.Version, v.ChangedAt, v.ChangedBy))
            .ToListAsync(cancellationToken).ConfigureAwait(false);

        // Four plans, a handful of versions each: ordered here, by the plan's rank rather than its stored name.
        return Outcome.Done(new RetentionView(
            [.. policies.OrderBy(p => p.Plan)],
            versions.GroupBy(v => v.Plan).ToDictionary(g => g.Key, g => (IReadOnlyList<RetentionPolicyView>)[.. g.OrderByDescending(v => v.Version)]),
            user.Satisfies(Policies.ManageRetention)));
    }

    /// <summary>Saves new terms on top of <paramref name="expectedVersion"/>; done with false when they are the terms in force already.</summary>
    public Task<Outcome<bool>> ChangeAsync(CurrentUser user, Plan plan, RetentionTerms terms, int expectedVersion, CancellationToken cancellationToken = default) =>
        UseCase.Require(user, Policies.ManageRetention, "Only compliance officers and administrators change retention policies.") is { } refused
            ? Task.FromResult(refused.As<bool>())
            : UseCase.RunAsync(() => commands.ChangeAsync(user.Actor, plan, terms, expectedVersion, cancellationToken));
}
