using AdminConsole.Domain.Commands;
using AdminConsole.Domain.Model.Audit;
using AdminConsole.Domain.Model.Reports;
using AdminConsole.Domain.Model.Subprocessors;
using AdminConsole.Domain.Persistence;
using AdminConsole.TestSupport;
using Microsoft.EntityFrameworkCore;
using Xunit.Abstractions;

namespace AdminConsole.E2E;

/// <summary>
/// The embedded default keeps the job storage in memory: a restart loses its schedule and its queue. What was asked for
/// while no node ran (or was queued in the storage of a node that died) is in the console's own tables, and the
/// restarted node does it.
/// </summary>
public sealed class JobRestartTests(ITestOutputHelper output) : IAsyncLifetime
{
    private TestDatabase _database = null!;
    private SmtpSinkPeer _smtp = null!;

    public async Task InitializeAsync()
    {
        _database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await _database.MigrateAsync();
        _smtp = await SmtpSinkPeer.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await _smtp.DisposeAsync();
        await _database.DisposeAsync();
    }

    [Fact]
    public async Task AfterAKill_TheRestartedNode_RebuildsTheSchedule_AndDoesTheReportAndTheNoticeQueuedMeanwhile()
    {
        var first = await ConsoleServer.StartAsync(_database, _smtp.ConsoleSettings());
        await JobRunWait.FirstRunFinishedAsync(_database, "audit-report-generation");
        await first.DisposeAsync();
        int runsBefore;
        await using (var db = _database.CreateContext())
            runsBefore = await db.JobRuns.CountAsync();

        // Asked for while the node is down: a report, and a notice to a confirmed subscriber.
        var officer = new AuditActor("officer-1", "Olivia Officer", "ComplianceOfficer", null);
        var now = DateTimeOffset.UtcNow;
        var report = AuditReport.Request(AuditReportKind.OnDemand, null, AuditReport.AllWorkspaces, DateOnly.FromDateTime(now.UtcDateTime.AddDays(-7)), DateOnly.FromDateTime(now.UtcDateTime), officer.Id, officer.Name, now);
        await using (var db = _database.CreateContext())
        {
            AuditReportCommands.Add(db, officer, report, now);
            var (subscription, token) = Subscription.Request("subscriber@example.com", null, now.AddDays(-1));
            subscription.Confirm(token, now.AddDays(-1));
            db.Subscriptions.Add(subscription);
            await db.SaveChangesAsync();
        }

        var commands = new SubprocessorCommands(_database.CreateFactory(), TimeProvider.System, new SubprocessorOptions());
        var id = await commands.ProposeAsync(officer, new SubprocessorDetails("Vector Store Inc", "Embeddings", ProcessingCategory.VectorStore, ["Page content"], ["US"], [], "DPA-7", true, 0, RiskTier.Medium, null));
        await commands.PublishNoticeAsync(officer, id, DateTimeOffset.UtcNow.AddDays(31));

        var restarted = DateTimeOffset.UtcNow;
        await using var second = await ConsoleServer.StartAsync(_database, _smtp.ConsoleSettings());
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline && !(await ReportReadyAsync(report.Id) && _smtp.Messages().Count > 0 && await EveryJobRanSinceAsync(restarted)))
            await Task.Delay(250);

        await using var check = _database.CreateContext();
        foreach (var run in await check.JobRuns.Where(r => r.StartedAt >= restarted).OrderBy(r => r.StartedAt).ToListAsync())
            output.WriteLine($"{run.StartedAt:HH:mm:ss.fff} {run.JobName} {run.Outcome} items={run.Items}");
        Assert.True(await ReportReadyAsync(report.Id), $"The report asked for while the node was down was not made.\n{second.Output}");
        Assert.Equal("subscriber@example.com", Assert.Single(_smtp.Messages()).GetProperty("to")[0].GetString());
        Assert.True(await EveryJobRanSinceAsync(restarted), "Not every job ran after the restart: the schedule was not rebuilt.");
        Assert.True(await check.JobRuns.CountAsync() > runsBefore);
    }

    private static readonly string[] IntervalJobs = [.. AdminConsole.Jobs.JobsServiceCollectionExtensions.Catalog().Where(j => j.Interval is not null).Select(j => j.Name)];

    private async Task<bool> ReportReadyAsync(Guid id)
    {
        await using var db = _database.CreateContext();
        return await db.AuditReports.AnyAsync(r => r.Id == id && r.Status == AuditReportStatus.Succeeded);
    }

    private async Task<bool> EveryJobRanSinceAsync(DateTimeOffset since)
    {
        await using var db = _database.CreateContext();
        var ran = await db.JobRuns.Where(r => r.StartedAt >= since && r.FinishedAt != null).Select(r => r.JobName).Distinct().ToListAsync();
        return IntervalJobs.All(ran.Contains);
    }
}
