using System.Security.Cryptography;
using System.Text;
using AdminConsole.Domain.Commands;
using AdminConsole.Domain.Model.Audit;
using AdminConsole.Domain.Model.Reports;
using AdminConsole.Domain.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Quartz;

namespace AdminConsole.Jobs.Reports;

/// <summary>Generates the queued audit reports: started at once when one is asked for, and every minute for any left behind.</summary>
[DisallowConcurrentExecution]
public sealed class AuditReportJob(AuditReportGenerator generator, JobRunRecorder runs) : IJob
{
    public static readonly JobKey Key = new(AuditReportGenerator.JobName, "reports");

    public static readonly TriggerKey Trigger = new("every-minute", "reports");

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken) =>
        await runs.RunAsync(AuditReportGenerator.JobName, generator.RunAsync, cancellationToken).ConfigureAwait(false);
}

/// <summary>
/// On the first of each month (02:00 UTC) asks for the report of the whole previous month over every workspace. The
/// report's id is derived from the month, so a second firing (another node, a misfire caught up) adds nothing.
/// </summary>
[DisallowConcurrentExecution]
public sealed partial class MonthlyAuditReportJob(IDbContextFactory<ConsoleDbContext> dbFactory, TimeProvider clock, JobRunRecorder runs, ReportGenerationTrigger? generation, ILogger<MonthlyAuditReportJob> logger) : IJob
{
    public const string JobName = "monthly-audit-report";

    public const string Schedule = "0 0 2 1 * ?";

    public static readonly JobKey Key = new(JobName, "reports");

    public static readonly TriggerKey Trigger = new("monthly", "reports");

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken) =>
        await runs.RunAsync(JobName, RunAsync, cancellationToken).ConfigureAwait(false);

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
public sealed partial class ReportGenerationTrigger(ISchedulerFactory schedulers, ILogger<ReportGenerationTrigger> logger)
{
    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        try
        {
            var scheduler = await schedulers.GetScheduler(cancellationToken).ConfigureAwait(false);
            await scheduler.TriggerJob(AuditReportJob.Key, cancellationToken).ConfigureAwait(false);
        }
        catch (SchedulerException ex)
        {
            // The report is queued either way; the generator's next minute picks it up.
            LogNotStarted(logger, ex);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not start the report generator at once; it runs on its schedule")]
    private static partial void LogNotStarted(ILogger logger, Exception exception);
}
