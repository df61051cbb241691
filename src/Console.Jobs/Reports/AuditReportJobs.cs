using System.Security.Cryptography;
using System.Text;
using AdminConsole.Domain.Commands;
using AdminConsole.Domain.Model.Audit;
using AdminConsole.Domain.Model.Reports;
using AdminConsole.Domain.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using AdminConsole.Jobs.Hosting;

namespace AdminConsole.Jobs.Reports;

/// <summary>
/// On the first of each month (02:00 UTC) asks for the report of the whole previous month over every workspace. The
/// report's id is derived from the month, so a second firing (a misfire caught up, a retry) adds nothing.
/// </summary>
public sealed partial class MonthlyAuditReport(IDbContextFactory<ConsoleDbContext> dbFactory, TimeProvider clock, ReportGenerationTrigger? generation, ILogger<MonthlyAuditReport> logger)
{
    public const string JobName = "monthly-audit-report";

    /// <summary>02:00 UTC on the 1st of each month (minute, hour, day of month, month, day of week).</summary>
    public const string Schedule = "0 2 1 * *";

    public async Task<JobRunResult> RunAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        var from = new DateOnly(today.Year, today.Month, 1).AddMonths(-1);
        var to = from.AddMonths(1).AddDays(-1);
        var id = MonthId(from);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        if (await db.AuditReports.AnyAsync(r => r.Id == id, cancellationToken).ConfigureAwait(false))
            return new JobRunResult(0, 0, null);

        var report = AuditReport.Request(AuditReportKind.Monthly, null, AuditReport.AllWorkspaces, from, to, "job:" + JobName, "Monthly audit report job", now, id);
        AuditReportCommands.Add(db, AuditActor.Job(JobName), report, now);
        try
        {
            await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (DbUpdateException)
        {
            // Another node asked for this month between the check and the insert: nothing to add.
            if (await IsThereAsync(id, cancellationToken).ConfigureAwait(false))
                return new JobRunResult(0, 0, null);
            throw;
        }

        LogRequested(logger, from, to);
        if (generation is not null)
            await generation.StartAsync(cancellationToken).ConfigureAwait(false);
        return new JobRunResult(1, 0, null);
    }

    /// <summary>The same id for the same month on every node: a name-based id over "monthly:yyyy-MM".</summary>
    public static Guid MonthId(DateOnly firstDay)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes($"adminconsole:monthly-audit-report:{firstDay:yyyy-MM}"));
        return new Guid(hash.AsSpan(0, 16));
    }

    private async Task<bool> IsThereAsync(Guid id, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        return await db.AuditReports.AnyAsync(r => r.Id == id, cancellationToken).ConfigureAwait(false);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Monthly audit report for {From} to {To} queued")]
    private static partial void LogRequested(ILogger logger, DateOnly from, DateOnly to);
}

/// <summary>Starts the generator now (after a report is asked for) rather than at its next minute.</summary>
public sealed class ReportGenerationTrigger(ConsoleJobs jobs)
{
    /// <summary>The report is queued either way: if the run cannot be queued now, the generator's next minute picks it up.</summary>
    public Task StartAsync(CancellationToken cancellationToken = default)
    {
        jobs.RunNow(AuditReportGenerator.JobName);
        return Task.CompletedTask;
    }
}
