using AdminConsole.Jobs;
using Microsoft.Extensions.Logging.Abstractions;
using Quartz;
using Quartz.Extensibility;

namespace AdminConsole.Jobs.Tests;

/// <summary>
/// The guard against a dead node's interrupted firing running twice, against a real (in-memory) scheduler holding
/// the job's interval trigger as the job schedule declares it.
/// </summary>
public sealed class RecoveredFiringGuardTests : IAsyncLifetime
{
    private static readonly JobKey Job = new("guarded", "tests");
    private static readonly TriggerKey Schedule = new("interval", "tests");
    private static readonly TimeSpan Interval = TimeSpan.FromMinutes(10);

    private readonly RecoveredFiringGuard _guard = new(NullLogger<RecoveredFiringGuard>.Instance);
    private readonly DateTimeOffset _interruptedAt = DateTimeOffset.UtcNow.AddMinutes(-3);
    private IScheduler _scheduler = null!;

    public async Task InitializeAsync() =>
        _scheduler = await QuartzSchedulerBuilder.Create(q => q.UseInMemoryStore()).BuildScheduler();

    public async Task DisposeAsync() => await _scheduler.Shutdown();

    [Fact]
    public async Task RecoveryFiring_AfterTheScheduleHasFiredSinceTheInterruptedFiring_IsVetoed()
    {
        await StoreScheduleLastFiredAtAsync(_interruptedAt.AddSeconds(40));

        Assert.True(await _guard.VetoJobExecution(RecoveryTrigger(), Recovering()));
    }

    [Fact]
    public async Task RecoveryFiring_BeforeTheScheduleFiresAgain_RunsAndMovesTheScheduleOneIntervalPastItsEnd()
    {
        await StoreScheduleLastFiredAtAsync(_interruptedAt);
        var context = Recovering();

        Assert.False(await _guard.VetoJobExecution(RecoveryTrigger(), context));
        var ended = DateTimeOffset.UtcNow;
        await _guard.JobWasExecuted(context, null);

        var schedule = Assert.IsAssignableFrom<ISimpleTrigger>(await _scheduler.GetTrigger(Schedule));
        Assert.InRange(schedule.NextFireTimeUtc!.Value, ended + Interval, DateTimeOffset.UtcNow + Interval);
        Assert.True(schedule.MeasureIntervalFromCompletion);
        Assert.Equal(Interval, schedule.RepeatInterval);
    }

    [Fact]
    public async Task OrdinaryFiring_IsNeverVetoed_AndLeavesTheScheduleAlone()
    {
        await StoreScheduleLastFiredAtAsync(_interruptedAt.AddSeconds(40));
        var before = (await _scheduler.GetTrigger(Schedule))!.NextFireTimeUtc;
        var context = JobExecutionContextBuilder.For(new IdleJob()).WithJob(Detail()).WithTrigger(JobSchedule.IntervalTrigger(Job, Schedule, Interval, _interruptedAt))
            .WithScheduler(_scheduler).FiredAt(_interruptedAt).Build();

        Assert.False(await _guard.VetoJobExecution(context.Trigger, context));
        await _guard.JobWasExecuted(context, null);

        Assert.Equal(before, (await _scheduler.GetTrigger(Schedule))!.NextFireTimeUtc);
    }

    /// <summary>Stores the interval trigger as the store holds it after its firing at <paramref name="firedAt"/>.</summary>
    private async Task StoreScheduleLastFiredAtAsync(DateTimeOffset firedAt)
    {
        var trigger = (IOperableTrigger)JobSchedule.IntervalTrigger(Job, Schedule, Interval, firedAt);
        trigger.ComputeFirstFireTimeUtc(null);
        trigger.Triggered(null);
        await _scheduler.ScheduleJob(Detail(), trigger);
    }

    private static IJobDetail Detail() => JobBuilder.Create<IdleJob>().WithIdentity(Job).StoreDurably().RequestRecovery().Build();

    /// <summary>The one-off trigger a cluster's recovery stores for the interrupted firing of the interval trigger.</summary>
    private ITrigger RecoveryTrigger() => TriggerBuilder.Create()
        .WithIdentity("recover_node-a_1", SchedulerConstants.DefaultRecoveryGroup)
        .ForJob(Job)
        .UsingJobData(SchedulerConstants.FailedJobOriginalTriggerName, Schedule.Name)
        .UsingJobData(SchedulerConstants.FailedJobOriginalTriggerGroup, Schedule.Group)
        .StartAt(_interruptedAt)
        .Build();

    private Quartz.Impl.JobExecutionContextImpl Recovering() => JobExecutionContextBuilder.For(new IdleJob()).WithJob(Detail()).WithTrigger(RecoveryTrigger())
        .WithScheduler(_scheduler).FiredAt(_interruptedAt.AddSeconds(20), _interruptedAt).Recovering().Build();

    private sealed class IdleJob : IJob
    {
        public ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken) => ValueTask.CompletedTask;
    }
}
