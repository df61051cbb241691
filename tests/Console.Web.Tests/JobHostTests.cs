using Microsoft.Extensions.Logging;
using AdminConsole.Domain.Model.Jobs;
using AdminConsole.Domain.Persistence;
using Microsoft.Extensions.DependencyInjection;
using AdminConsole.Domain.Model.Subprocessors;
using AdminConsole.Jobs.Hooks;
using AdminConsole.Jobs.Hosting;
using AdminConsole.Jobs.Notices;
using AdminConsole.Jobs.Posture;
using AdminConsole.Jobs.Reminders;
using AdminConsole.Jobs.Reports;
using AdminConsole.Jobs.Retention;
using AdminConsole.Jobs.Subprocessors;
using Hangfire;
using Microsoft.AspNetCore.TestHost;
using Hangfire.InMemory;
using Hangfire.PostgreSql;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace AdminConsole.Web.Tests;

public class JobHostTests
{
    /// <summary>These tests are about the job host: it runs jobs (test hosts run none otherwise).</summary>
    private static readonly Dictionary<string, string?> RunningJobs = new() { ["Jobs:Run"] = "true" };

    [Fact]
    public async Task OnPostgres_TheJobStorageIsInTheConsolesDatabase_InItsOwnSchema_MadeByTheMigrationRole_AndEveryJobIsScheduled()
    {
        await using var factory = await ConsoleFactory.StartAsync(DatabaseProvider.Postgres, settings: RunningJobs);
        _ = factory.Server;

        Assert.IsType<PostgreSqlStorage>(factory.Services.GetRequiredService<JobStorage>());
        var schedule = await ScheduledAsync(factory);
        Assert.Equal(JobsCatalogNames, schedule.Select(j => j.Name).Order(StringComparer.Ordinal));

        // The storage's tables belong to the owner, who made them; the console's role only reads and writes their rows
        // and may create nothing in the console's schema either.
        await using var owner = new NpgsqlConnection(factory.Database.ConnectionString);
        await owner.OpenAsync();
        var consoleRole = new NpgsqlConnectionStringBuilder(factory.Services.GetRequiredService<DatabaseOptions>().ConnectionString).Username!;
        await using var tables = new NpgsqlCommand(
            """
            SELECT count(*), count(*) FILTER (WHERE tableowner = current_user),
                   bool_and(has_table_privilege(@role, format('%I.%I', schemaname, tablename), 'SELECT, INSERT, UPDATE, DELETE')),
                   bool_or(has_table_privilege(@role, format('%I.%I', schemaname, tablename), 'TRUNCATE')),
                   has_schema_privilege(@role, 'hangfire', 'CREATE'), has_schema_privilege(@role, 'public', 'CREATE')
            FROM pg_tables WHERE schemaname = 'hangfire'
            """, owner);
        tables.Parameters.AddWithValue("role", consoleRole);
        await using var reader = await tables.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());
        Assert.True(reader.GetInt64(0) >= 10, $"{reader.GetInt64(0)} tables in schema hangfire");
        Assert.Equal(reader.GetInt64(0), reader.GetInt64(1));
        Assert.True(reader.GetBoolean(2), "The console's role cannot read and write the job storage's rows.");
        Assert.False(reader.GetBoolean(3), "The console's role may truncate the job storage's tables.");
        Assert.False(reader.GetBoolean(4), "The console's role may create objects in schema hangfire.");
        Assert.False(reader.GetBoolean(5), "The console's role may create objects in schema public.");
    }

    [Fact]
    public async Task OnTheEmbeddedDefault_TheJobStorageIsInMemory_AndEachIntervalJobRunsAtItsSetting()
    {
        await using var factory = await ConsoleFactory.StartAsync(DatabaseProvider.Sqlite, settings: new Dictionary<string, string?> { ["Jobs:Run"] = "true", ["Retention:Interval"] = "00:20:00", ["Notices:DispatchInterval"] = "00:00:12" });
        _ = factory.Server;

        Assert.IsType<InMemoryStorage>(factory.Services.GetRequiredService<JobStorage>());
        var schedule = (await ScheduledAsync(factory)).ToDictionary(j => j.Name);
        Assert.Equal(TimeSpan.FromMinutes(1), schedule[SubprocessorAuthorizer.JobName].Interval);
        Assert.Equal(TimeSpan.FromHours(1), schedule[ReminderService.JobName].Interval);
        Assert.Equal(TimeSpan.FromSeconds(10), schedule[DlpHookDispatcher.JobName].Interval);
        Assert.Equal(TimeSpan.FromSeconds(12), schedule[NoticeDispatcher.JobName].Interval);
        Assert.All([RetentionEnforcer.JobName, TrashPurger.JobName, EmbeddingPurger.JobName], j => Assert.Equal(TimeSpan.FromMinutes(20), schedule[j].Interval));
        Assert.Equal(TimeSpan.FromHours(1), schedule[PostureSnapshotter.JobName].Interval);
        Assert.Equal((null, MonthlyAuditReport.Schedule), (schedule[MonthlyAuditReport.JobName].Interval, schedule[MonthlyAuditReport.JobName].Cron));
    }

    [Fact]
    public void Retries_AreTheMonthlyReportRequestsAlone_EveryIntervalJobLeavesItToItsNextRun()
    {
        var retries = AdminConsole.Jobs.JobsServiceCollectionExtensions.Catalog().ToDictionary(j => j.Name, j => j.Retries);

        Assert.Equal(5, retries[MonthlyAuditReport.JobName]);
        Assert.All(retries.Where(r => r.Key != MonthlyAuditReport.JobName), r => Assert.Equal(0, r.Value));
    }

    [Fact]
    public async Task AFailedRun_IsTriedAgainAsOftenAsItsJobSays_AndNotAtAllForAJobWithoutRetries()
    {
        var failing = new FailingWork();
        await using var factory = await ConsoleFactory.StartAsync(DatabaseProvider.Sqlite, settings: RunningJobs);
        await using var app = factory.WithWebHostBuilder(b => b.ConfigureTestServices(s =>
        {
            s.AddSingleton(failing);
            var catalog = (JobCatalog)s.Single(d => d.ServiceType == typeof(JobCatalog)).ImplementationInstance!;
            catalog.Add(new JobDefinition { Name = "test-calendar", Group = "test", WorkType = typeof(FailingWork), Run = (w, _, ct) => ((FailingWork)w).RunAsync(ct), Cron = "0 0 1 1 *", Retries = 2, RetryDelay = TimeSpan.FromSeconds(1) });
            catalog.Add(new JobDefinition { Name = "test-interval", Group = "test", WorkType = typeof(FailingWork), Run = (w, _, ct) => ((FailingWork)w).RunAsync(ct), Interval = _ => TimeSpan.FromHours(1) });
        }));
        _ = app.Server;

        // The interval job runs once as its chain starts; the calendar job once when asked for, then twice again.
        Assert.True(app.Services.GetRequiredService<ConsoleJobs>().RunNow("test-calendar"));
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (await RunsAsync(factory, "test-calendar") < 3 && DateTime.UtcNow < deadline)
            await Task.Delay(100);
        await Task.Delay(TimeSpan.FromSeconds(4));

        Assert.Equal(3, await RunsAsync(factory, "test-calendar"));
        Assert.Equal(1, await RunsAsync(factory, "test-interval"));
        Assert.Equal(4, failing.Calls);
        await using var db = factory.Database.CreateContext();
        Assert.All(await db.JobRuns.Where(r => r.JobName.StartsWith("test-")).ToListAsync(), r => Assert.Equal(("InvalidOperationException: The work failed.", AdminConsole.Domain.Model.Jobs.JobRunOutcome.Failed), (r.Error, r.Outcome)));

        // The calendar job's run ends failed once its retries are spent: it is on the dashboard's failed list.
        var failed = app.Services.GetRequiredService<JobStorage>().GetMonitoringApi().FailedJobs(0, 10);
        Assert.Equal(["test-calendar"], failed.Select(f => (string)f.Value.Job.Args[0]).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task ANodeThatRunsNoJobs_KeepsTheScheduleAndQueuesRunsNow_ButRunsNone_AndSaysSoAtStart()
    {
        await using var factory = await ConsoleFactory.StartAsync(DatabaseProvider.Sqlite, settings: new Dictionary<string, string?> { ["Jobs:Run"] = "false" });

        // The schedule is kept (the jobs page shows the next runs) and a run asked for is queued…
        Assert.Equal(JobsCatalogNames, (await ScheduledAsync(factory)).Select(j => j.Name).Order(StringComparer.Ordinal));
        Assert.True(factory.Services.GetRequiredService<ConsoleJobs>().RunNow("trash-purge"));

        // …but nothing runs here: every job would have run once at start by now on a node that runs them.
        await Task.Delay(TimeSpan.FromSeconds(3));
        await using (var db = factory.Database.CreateContext())
            Assert.Equal(0, await db.JobRuns.CountAsync());
        Assert.Contains(factory.Logs.Entries, e => e.Level == LogLevel.Warning && e.Message.Contains("runs no jobs (Jobs:Run is false)", StringComparison.Ordinal));
    }

    private static async Task<int> RunsAsync(ConsoleFactory factory, string job)
    {
        await using var db = factory.Database.CreateContext();
        return await db.JobRuns.CountAsync(r => r.JobName == job && r.FinishedAt != null);
    }

    private sealed class FailingWork
    {
        public int Calls => _calls;

        private int _calls;

        public Task<AdminConsole.Jobs.JobRunResult> RunAsync(CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _calls);
            throw new InvalidOperationException("The work failed.");
        }
    }

    [Fact]
    public void AJobHostSettingOutOfRange_StopsStartUp_NamingIt()
    {
        var settings = new Dictionary<string, string?> { ["Jobs:TakeoverAfter"] = "00:00:01", ["Jobs:Workers"] = "0" };

        var error = StartupSettingsTests.RefusedStart("Development", settings);

        Assert.Equal(
            ["Jobs:TakeoverAfter must be at least 5 seconds (a running job's node renews its claim every fifth of it); it is 00:00:01.", "Jobs:Workers must be between 1 and 100; it is 0."],
            error.Problems);
    }

    [Fact]
    public void AReminderRecipientThatIsNoMailAddress_StopsStartUp_NamingIt()
    {
        var settings = new Dictionary<string, string?> { ["Reminders:Recipients:0"] = "compliance@example.com", ["Reminders:Recipients:1"] = "compliance team" };

        var error = StartupSettingsTests.RefusedStart("Development", settings);

        Assert.Equal("Reminders:Recipients must be mail addresses (for example compliance@example.com); not valid: 'compliance team'.", Assert.Single(error.Problems));
    }

    [Fact]
    public async Task AuthorizationJob_RunsInTheApp_AndAuthorizesWhatIsDue()
    {
        await using var factory = await ConsoleFactory.StartAsync(DatabaseProvider.Sqlite, settings: RunningJobs);
        await factory.Database.MigrateAsync();
        var published = DateTimeOffset.UtcNow.AddDays(-31);
        await using (var db = factory.Database.CreateContext())
        {
            var due = Subprocessor.Propose(new SubprocessorDetails("Due Corp", "Hosting", ProcessingCategory.Hosting, ["Pages"], ["US"], [], "DPA", false, 30, RiskTier.Low, null), published);
            db.Notices.Add(due.PublishNotice(published, published.AddDays(30), Subprocessor.DefaultNoticePeriod));
            db.Subprocessors.Add(due);
            await db.SaveChangesAsync();
        }

        // The trigger fires as the scheduler starts, then every minute.
        _ = factory.Server;
        var deadline = DateTime.UtcNow.AddSeconds(30);
        SubprocessorStatus status;
        bool recorded;
        do
        {
            await Task.Delay(200);
            await using var db = factory.Database.CreateContext();
            status = await db.Subprocessors.Select(s => s.Status).SingleAsync();
            recorded = await db.JobRuns.AnyAsync(r => r.JobName == SubprocessorAuthorizer.JobName && r.FinishedAt != null && r.Items == 1);
        }
        while (!(status == SubprocessorStatus.Authorized && recorded) && DateTime.UtcNow < deadline);

        Assert.Equal(SubprocessorStatus.Authorized, status);
        Assert.True(recorded, "The job left no finished run record with one item.");
    }

    [Fact]
    public async Task PostureSnapshot_IsTakenOnceAsTheAppStarts_WhenTodayHasNone()
    {
        await using var factory = await ConsoleFactory.StartAsync(DatabaseProvider.Sqlite, settings: RunningJobs);
        await factory.Database.MigrateAsync();

        _ = factory.Server;

        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var deadline = DateTime.UtcNow.AddSeconds(30);
        int snapshots;
        do
        {
            await Task.Delay(200);
            await using var db = factory.Database.CreateContext();
            snapshots = await db.PostureSnapshots.CountAsync(s => s.Day == today);
        }
        while (snapshots == 0 && DateTime.UtcNow < deadline);

        Assert.Equal(1, snapshots);
    }

    private static readonly string[] JobsCatalogNames = [.. AdminConsole.Jobs.JobsServiceCollectionExtensions.Catalog().Select(j => j.Name).Order(StringComparer.Ordinal)];

    /// <summary>The schedule once every job has its next run: each node checks it as it starts, off the start-up path.</summary>
    private static async Task<IReadOnlyList<ScheduledJob>> ScheduledAsync(ConsoleFactory factory)
    {
        var jobs = factory.Services.GetRequiredService<ConsoleJobs>();
        var deadline = DateTime.UtcNow.AddSeconds(30);
        var schedule = jobs.Schedule();
        while (schedule.Any(j => j.NextRunAt is null) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100);
            schedule = jobs.Schedule();
        }

        Assert.All(schedule, j => Assert.True(j.NextRunAt is not null, $"{j.Name} has no next run."));
        return schedule;
    }
}
