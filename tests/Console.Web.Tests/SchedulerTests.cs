using AdminConsole.Domain.Persistence;
using Microsoft.Extensions.DependencyInjection;
using AdminConsole.Domain.Model.Subprocessors;
using AdminConsole.Jobs.Posture;
using AdminConsole.Jobs.Reminders;
using AdminConsole.Jobs.Subprocessors;
using Microsoft.EntityFrameworkCore;
using Quartz;

namespace AdminConsole.Web.Tests;

public class SchedulerTests
{
    [Fact]
    public async Task Scheduler_OnPostgres_IsPersistentAndClustered()
    {
        await using var factory = await ConsoleFactory.StartAsync(DatabaseProvider.Postgres);
        _ = factory.Server;

        var scheduler = await factory.Services.GetRequiredService<ISchedulerFactory>().GetScheduler();
        var meta = await RunningMetadataAsync(scheduler);

        Assert.True(meta.JobStorePersistent);
        Assert.True(meta.JobStoreClustered);
        Assert.NotNull(await scheduler.GetJobDetail(SubprocessorAuthorizationJob.Key));
        Assert.NotNull(await scheduler.GetTrigger(SubprocessorAuthorizationJob.Trigger));
        var node = Assert.Single(await scheduler.QueryClusterNodes(), n => n.IsCurrentNode);
        Assert.Equal(meta.SchedulerInstanceId, node.InstanceId);
    }

    [Fact]
    public async Task Scheduler_OnTheEmbeddedDefault_KeepsItsScheduleInMemory()
    {
        await using var factory = await ConsoleFactory.StartAsync(DatabaseProvider.Sqlite);
        _ = factory.Server;

        var scheduler = await factory.Services.GetRequiredService<ISchedulerFactory>().GetScheduler();
        var meta = await RunningMetadataAsync(scheduler);

        Assert.False(meta.JobStorePersistent);
        Assert.NotNull(await scheduler.GetTrigger(SubprocessorAuthorizationJob.Trigger));
        var reminders = Assert.IsAssignableFrom<ISimpleTrigger>(await scheduler.GetTrigger(ReminderJob.Trigger));
        Assert.Equal((ReminderJob.Key, TimeSpan.FromHours(1)), (reminders.JobKey, reminders.RepeatInterval));
        var hooks = Assert.IsAssignableFrom<ISimpleTrigger>(await scheduler.GetTrigger(AdminConsole.Jobs.Hooks.DlpHookDispatchJob.Trigger));
        Assert.Equal((AdminConsole.Jobs.Hooks.DlpHookDispatchJob.Key, TimeSpan.FromSeconds(10)), (hooks.JobKey, hooks.RepeatInterval));
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
        await using var factory = await ConsoleFactory.StartAsync(DatabaseProvider.Sqlite);
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
        await using var factory = await ConsoleFactory.StartAsync(DatabaseProvider.Sqlite);
        await factory.Database.MigrateAsync();

        _ = factory.Server;
        var scheduler = await factory.Services.GetRequiredService<ISchedulerFactory>().GetScheduler();
        var trigger = Assert.IsAssignableFrom<ISimpleTrigger>(await scheduler.GetTrigger(PostureSnapshotJob.Trigger));
        Assert.Equal((PostureSnapshotJob.Key, TimeSpan.FromHours(1)), (trigger.JobKey, trigger.RepeatInterval));

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

    /// <summary>The hosted service starts the scheduler once the application has started: wait for it.</summary>
    private static async Task<SchedulerMetadata> RunningMetadataAsync(IScheduler scheduler)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        var meta = await scheduler.GetMetadata();
        while (meta.RunningSince is null && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100);
            meta = await scheduler.GetMetadata();
        }

        Assert.NotNull(meta.RunningSince);
        return meta;
    }
}
