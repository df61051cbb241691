using AdminConsole.Domain.Model.Audit;
using AdminConsole.Domain.Model.Common;
using AdminConsole.Domain.Model.Retention;
using AdminConsole.Domain.Model.Workspaces;
using AdminConsole.Domain.Persistence;
using Microsoft.EntityFrameworkCore;

namespace AdminConsole.Domain.Commands;

/// <summary>
/// Changes to a plan's retention policy, made by compliance officers. The model validates the terms against the
/// published commitments; the change is saved as a new version with its audit entry, or not at all.
/// </summary>
public sealed class RetentionPolicyCommands(IDbContextFactory<ConsoleDbContext> dbFactory, TimeProvider clock)
{
    /// <summary>
    /// New terms for <paramref name="plan"/>, starting from <paramref name="expectedVersion"/> (the version the editor
    /// saw). Returns false, and writes nothing, when the terms are the ones in force.
    /// </summary>
    public async Task<bool> ChangeAsync(AuditActor actor, Plan plan, RetentionTerms terms, int expectedVersion, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(terms);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        var policy = await db.RetentionPolicies.Include(p => p.Versions)
            .SingleOrDefaultAsync(p => p.Plan == plan, cancellationToken).ConfigureAwait(false)
            ?? throw new DomainRuleException(nameof(RetentionPolicy.Plan), $"There is no retention policy for {plan}.");
        if (policy.Version != expectedVersion)
            throw Stale(policy);

        var now = clock.GetUtcNow();
        var before = Snapshot(policy);
        if (!policy.Change(terms, now, actor.Name))
            return false;

        db.Audit(actor, new AuditRecord("retention-policy.changed", nameof(RetentionPolicy), plan.ToString(), null, before, Snapshot(policy)), now);
        try
        {
            await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (DbUpdateException)
        {
            // Both editors passed the check above; the version (a concurrency token, and part of the versions' key)
            // let only the first save through.
            if (await CurrentAsync(plan, cancellationToken).ConfigureAwait(false) is { } current && current.Version != expectedVersion)
                throw Stale(current);
            throw;
        }
    }

    private async Task<RetentionPolicy?> CurrentAsync(Plan plan, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        return await db.RetentionPolicies.AsNoTracking().SingleOrDefaultAsync(p => p.Plan == plan, cancellationToken).ConfigureAwait(false);
    }

    private static DomainRuleException Stale(RetentionPolicy current) =>
        new(nameof(RetentionPolicy.Version),
            $"The {current.Plan} retention policy was changed while you were editing it: {current.ChangedBy} saved version {current.Version} " +
            $"at {current.ChangedAt.ToUniversalTime():yyyy-MM-dd HH:mm} UTC. Nothing was saved; open it again to start from the terms now in force.");

    private static object Snapshot(RetentionPolicy p) => new
    {
        p.Version,
        p.Terms.ProviderRetentionDays,
        p.Terms.PromptHistoryDays,
        p.Terms.AiOutputDays,
        p.Terms.EmbeddingDeletionDays,
        p.Terms.TrashRestoreDays,
        p.Terms.AuditLogDays,
    };
}
