using AdminConsole.Domain.Model.Jobs;
using AdminConsole.Domain.Persistence;
using Microsoft.EntityFrameworkCore;

namespace AdminConsole.Jobs;

/// <summary>Writes the run record of a job: started before the work, finished (with counts) after it.</summary>
public sealed class JobRunRecorder(IDbContextFactory<ConsoleDbContext> dbFactory, TimeProvider clock)
{
    public async Task<JobRunResult> RunAsync(string jobName, Func<CancellationToken, Task<JobRunResult>> work, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(work);
        var run = JobRun.Start(jobName, clock.GetUtcNow());
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false))
        {
            db.JobRuns.Add(run);
            await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        }

        JobRunResult result;
        try
        {
            result = await work(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            result = new JobRunResult(0, 1, ex.GetType().Name + ": " + ex.Message);
        }

        await using (var db = await dbFactory.CreateDbContextAsync(CancellationToken.None).ConfigureAwait(false))
        {
            db.JobRuns.Attach(run);
            run.Finish(clock.GetUtcNow(), result.Items, result.Errors, result.FirstError);
            await db.SaveChangesAsync(CancellationToken.None).ConfigureAwait(false);
        }

        return result;
    }
}

public sealed record JobRunResult(int Items, int Errors, string? FirstError);
