using AdminConsole.Domain.Model.Audit;
using AdminConsole.Domain.Model.Common;
using AdminConsole.Domain.Model.Subprocessors;
using AdminConsole.Domain.Persistence;
using Microsoft.EntityFrameworkCore;

namespace AdminConsole.Jobs.Subprocessors;

/// <summary>
/// Authorizes every subprocessor whose notice period has run out, one at a time with its audit entry. Safe to
/// run again or concurrently with a killed run's recovery: each subprocessor is re-read and the model refuses
/// anything not (or no longer) due.
/// </summary>
public sealed class SubprocessorAuthorizer(IDbContextFactory<ConsoleDbContext> dbFactory, TimeProvider clock)
{
    public const string JobName = "subprocessor-authorization";
    public const int BatchSize = 100;

    public async Task<JobRunResult> RunAsync(CancellationToken cancellationToken)
    {
        var actor = AuditActor.Job(JobName);
        int authorized = 0, errors = 0;
        string? firstError = null;
        while (true)
        {
            var now = clock.GetUtcNow();
            List<Guid> due;
            await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false))
            {
                due = await db.Subprocessors.AsNoTracking()
                    .Where(s => s.Status == SubprocessorStatus.NoticePeriod && s.EffectiveAt <= now)
                    .OrderBy(s => s.EffectiveAt).ThenBy(s => s.Id)
                    .Select(s => s.Id)
                    .Take(BatchSize)
                    .ToListAsync(cancellationToken).ConfigureAwait(false);
            }

            var progress = 0;
            foreach (var id in due)
            {
                cancellationToken.ThrowIfCancellationRequested();
                try
                {
                    if (await AuthorizeAsync(id, actor, cancellationToken).ConfigureAwait(false))
                    {
                        authorized++;
                        progress++;
                    }
                }
                catch (Exception ex) when (ex is DomainRuleException or DbUpdateException)
                {
                    errors++;
                    firstError ??= $"{id}: {ex.Message}";
                }
            }

            // A short batch was the last; one where nothing moved would only repeat itself.
            if (due.Count < BatchSize || progress == 0)
                break;
        }

        return new JobRunResult(authorized, errors, firstError);
    }

    private async Task<bool> AuthorizeAsync(Guid id, AuditActor actor, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        var subprocessor = await db.Subprocessors.SingleAsync(s => s.Id == id, cancellationToken).ConfigureAwait(false);
        var now = clock.GetUtcNow();
        if (subprocessor.Status != SubprocessorStatus.NoticePeriod || subprocessor.EffectiveAt > now)
            return false;
        subprocessor.Authorize(now);
        db.Audit(actor, new AuditRecord("subprocessor.authorized", "Subprocessor", id.ToString(), null,
            new { Status = SubprocessorStatus.NoticePeriod.ToString() }, new { Status = subprocessor.Status.ToString(), AuthorizedAt = now }), now);
        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        return true;
    }
}
