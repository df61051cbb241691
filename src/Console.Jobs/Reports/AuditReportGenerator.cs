using System.Security.Cryptography;
using AdminConsole.Domain.Model.Audit;
using AdminConsole.Domain.Model.Reports;
using AdminConsole.Domain.Persistence;
using AdminConsole.Domain.Reports;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace AdminConsole.Jobs.Reports;

/// <summary>
/// Generates the queued audit reports one after the other: builds the content, renders it into a temporary file
/// while writing the progress to the report's row every second (the Reports page reads it), then archives the
/// file with its SHA-256 in one transaction with the report's state and its audit entry. A report whose node
/// died mid-way (no progress for <see cref="AuditReport.HeartbeatTimeout"/>) is queued again and generated anew.
/// </summary>
public sealed partial class AuditReportGenerator(
    IDbContextFactory<ConsoleDbContext> dbFactory, AuditReportBuilder builder, IReportRenderer renderer, TimeProvider clock, ILogger<AuditReportGenerator> logger)
{
    public const string JobName = "audit-report-generation";

    private static readonly TimeSpan ProgressInterval = TimeSpan.FromSeconds(1);

    public async Task<JobRunResult> RunAsync(CancellationToken cancellationToken)
    {
        await RequeueStaleAsync(cancellationToken).ConfigureAwait(false);
        var (generated, failed) = (0, 0);
        string? firstError = null;
        while (await ClaimNextAsync(cancellationToken).ConfigureAwait(false) is { } report)
        {
            var error = await GenerateAsync(report, cancellationToken).ConfigureAwait(false);
            if (error is null)
            {
                generated++;
            }
            else
            {
                failed++;
                firstError ??= error;
            }
        }

        return new JobRunResult(generated, failed, firstError);
    }

    private async Task RequeueStaleAsync(CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        var now = clock.GetUtcNow();
        var running = await db.AuditReports.Where(r => r.Status == AuditReportStatus.Running).ToListAsync(cancellationToken).ConfigureAwait(false);
        foreach (var report in running.Where(r => r.IsStale(now)))
        {
            report.Requeue();
            LogRequeued(logger, report.Id);
        }

        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The oldest queued report, marked running; a row another node claimed first is skipped (the status guards the update).</summary>
    private async Task<AuditReport?> ClaimNextAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            await using var db = await dbFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
            var report = await db.AuditReports.Where(r => r.Status == AuditReportStatus.Queued).OrderBy(r => r.RequestedAt)
                .FirstOrDefaultAsync(cancellationToken).ConfigureAwait(false);
            if (report is null)
                return null;
            var now = clock.GetUtcNow();
            var claimed = await db.AuditReports
                .Where(r => r.Id == report.Id && r.Status == AuditReportStatus.Queued)
                .ExecuteUpdateAsync(u => u
                    .SetProperty(r => r.Status, AuditReportStatus.Running)
                    .SetProperty(r => r.StartedAt, now)
                    .SetProperty(r => r.HeartbeatAt, now)
                    .SetProperty(r => r.Progress, 0)
                    .SetProperty(r => r.Attempts, r => r.Attempts + 1), cancellationToken)
                .ConfigureAwait(false);
            if (claimed == 1)
                return await db.AuditReports.AsNoTracking().SingleAsync(r => r.Id == report.Id, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <returns>Null when archived; otherwise the reason it failed.</returns>
    private async Task<string?> GenerateAsync(AuditReport report, CancellationToken cancellationToken)
    {
        var path = Path.Combine(Path.GetTempPath(), $"adminconsole-report-{report.Id:N}.pdf");
        var progress = new LatestProgress();
        using var heartbeat = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        Task? writer = null;
        try
        {
            var generatedAt = clock.GetUtcNow();
            var document = await builder.BuildAsync(report, generatedAt, report.RequestedBy, cancellationToken).ConfigureAwait(false);
            var expected = Math.Max(1, document.ExpectedRows);
            writer = WriteProgressAsync(report.Id, progress, expected, heartbeat.Token);

            // Into a temporary file, then read once at its exact size: a growing MemoryStream and its copy would hold
            // the file up to three times over (measured: +26 MiB peak at 100,000 audit entries).
            RenderedReport rendered;
            await using (var file = new FileStream(path, FileMode.Create, FileAccess.ReadWrite, FileShare.None, 1 << 16, FileOptions.Asynchronous))
                rendered = await renderer.RenderAsync(document, file, progress, cancellationToken).ConfigureAwait(false);

            // The progress writer stops before the final state is written, so it cannot land after it.
            await heartbeat.CancelAsync().ConfigureAwait(false);
            await writer.ConfigureAwait(false);
            var content = await File.ReadAllBytesAsync(path, cancellationToken).ConfigureAwait(false);
            var sha256 = Convert.ToHexStringLower(SHA256.HashData(content));

            await using var db = await dbFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
            var row = await db.AuditReports.SingleAsync(r => r.Id == report.Id, cancellationToken).ConfigureAwait(false);
            var now = clock.GetUtcNow();
            row.Succeed(rendered.Pages, content.LongLength, sha256, rendered.IsSigned, rendered.Signer, now);
            db.AuditReportFiles.Add(new AuditReportFile(row.Id, content));
            db.Audit(AuditActor.Job(JobName), new AuditRecord("report.generated", nameof(AuditReport), row.Id.ToString(), row.WorkspaceId, null,
                new { row.FromDay, row.ToDay, Scope = row.ScopeName, row.Pages, row.SizeBytes, row.Sha256, row.IsSigned }), now);
            await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
            LogGenerated(logger, row.Id, rendered.Pages, content.LongLength);
            return null;
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // Recorded on the report, for the person who asked for it; the exception goes to the log only.
            LogFailed(logger, report.Id, ex);
            var reason = ex is Domain.Model.Common.DomainRuleException or ReportConfigurationException ? ex.Message : $"Generation failed ({ex.GetType().Name}); the log of the node that ran it has the details.";
            await using var db = await dbFactory.CreateDbContextAsync(CancellationToken.None).ConfigureAwait(false);
            var row = await db.AuditReports.SingleAsync(r => r.Id == report.Id, CancellationToken.None).ConfigureAwait(false);
            var now = clock.GetUtcNow();
            row.Fail(reason, now);
            db.Audit(AuditActor.Job(JobName), new AuditRecord("report.failed", nameof(AuditReport), row.Id.ToString(), row.WorkspaceId, null, new { Reason = reason }), now);
            await db.SaveChangesAsync(CancellationToken.None).ConfigureAwait(false);
            return reason;
        }
        finally
        {
            await heartbeat.CancelAsync().ConfigureAwait(false);
            if (writer is not null)
                await writer.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            File.Delete(path);
        }
    }

    private async Task WriteProgressAsync(Guid reportId, LatestProgress progress, long expectedRows, CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(ProgressInterval, clock);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false))
            {
                // Rows drawn out of the rows expected, kept under 100 until the file is archived.
                var percent = (int)Math.Min(99, 100 * progress.Latest.RowsDrawn / expectedRows);
                var now = clock.GetUtcNow();
                await using var db = await dbFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
                await db.AuditReports.Where(r => r.Id == reportId && r.Status == AuditReportStatus.Running)
                    .ExecuteUpdateAsync(u => u.SetProperty(r => r.Progress, percent).SetProperty(r => r.HeartbeatAt, now), cancellationToken)
                    .ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The file is done (or generation failed); the final state is written by the caller.
        }
    }

    private sealed class LatestProgress : IProgress<ReportProgress>
    {
        private ReportProgress _latest;

        public ReportProgress Latest
        {
            get { lock (this) return _latest; }
        }

        public void Report(ReportProgress value)
        {
            lock (this)
                _latest = value;
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Audit report {ReportId} generated: {Pages} pages, {Bytes} bytes")]
    private static partial void LogGenerated(ILogger logger, Guid reportId, int pages, long bytes);

    [LoggerMessage(Level = LogLevel.Error, Message = "Audit report {ReportId} failed")]
    private static partial void LogFailed(ILogger logger, Guid reportId, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Audit report {ReportId} was running on a node that stopped reporting; queued again")]
    private static partial void LogRequeued(ILogger logger, Guid reportId);
}
