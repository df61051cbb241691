using AdminConsole.Jobs.Hooks;
using AdminConsole.Jobs.Notices;
using AdminConsole.Jobs.Posture;
using AdminConsole.Jobs.Reports;
using AdminConsole.Jobs.Reminders;
using AdminConsole.Jobs.Retention;
using AdminConsole.Jobs.Subprocessors;
using Microsoft.Extensions.Hosting;
using Quartz;

namespace AdminConsole.Jobs;

/// <summary>
/// Declares the console's jobs and their triggers. Triggers are added with <see cref="TriggerConflict.Keep"/>:
/// several nodes starting together on one clustered store must not replace (and so double-fire) each other's.
/// Each interval is measured from the end of the previous run (a fixed delay), so a run that outlasts its interval
/// is followed by one run an interval later, never by a burst of the firings it covered; a firing missed while no
/// node was up fires once, at once (see the misfire threshold in <see cref="JobsServiceCollectionExtensions"/>).
/// </summary>
internal sealed class JobSchedule(ISchedulerFactory schedulers, NoticeOptions notices, ReminderOptions reminders, RetentionOptions retention, DlpHookOptions hooks) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var scheduler = await schedulers.GetScheduler(cancellationToken).ConfigureAwait(false);
        await ScheduleAsync<SubprocessorAuthorizationJob>(scheduler, SubprocessorAuthorizationJob.Key, SubprocessorAuthorizationJob.Trigger, TimeSpan.FromMinutes(1), cancellationToken).ConfigureAwait(false);
        await ScheduleAsync<NoticeDispatchJob>(scheduler, NoticeDispatchJob.Key, NoticeDispatchJob.Trigger, notices.DispatchInterval, cancellationToken).ConfigureAwait(false);
        await ScheduleAsync<DlpHookDispatchJob>(scheduler, DlpHookDispatchJob.Key, DlpHookDispatchJob.Trigger, hooks.DispatchInterval, cancellationToken).ConfigureAwait(false);
        await ScheduleAsync<ReminderJob>(scheduler, ReminderJob.Key, ReminderJob.Trigger, reminders.Interval, cancellationToken).ConfigureAwait(false);
        await ScheduleAsync<RetentionEnforcementJob>(scheduler, RetentionEnforcementJob.Key, RetentionEnforcementJob.Trigger, retention.Interval, cancellationToken).ConfigureAwait(false);
        await ScheduleAsync<TrashPurgeJob>(scheduler, TrashPurgeJob.Key, TrashPurgeJob.Trigger, retention.Interval, cancellationToken).ConfigureAwait(false);
        await ScheduleAsync<EmbeddingPurgeJob>(scheduler, EmbeddingPurgeJob.Key, EmbeddingPurgeJob.Trigger, retention.Interval, cancellationToken).ConfigureAwait(false);
        await ScheduleAsync<PostureSnapshotJob>(scheduler, PostureSnapshotJob.Key, PostureSnapshotJob.Trigger, PostureSnapshotJob.Interval, cancellationToken).ConfigureAwait(false);
        await ScheduleAsync<AuditReportJob>(scheduler, AuditReportJob.Key, AuditReportJob.Trigger, TimeSpan.FromMinutes(1), cancellationToken).ConfigureAwait(false);

        // The monthly report: a calendar schedule (UTC), whose firing missed while no node was up fires once when one is.
        var monthly = JobBuilder.Create<MonthlyAuditReportJob>().WithIdentity(MonthlyAuditReportJob.Key).StoreDurably().RequestRecovery().Build();
        await scheduler.AddJob(monthly, new AddJobOptions { Replace = true }, cancellationToken).ConfigureAwait(false);
        var monthlyTrigger = TriggerBuilder.Create()
            .WithIdentity(MonthlyAuditReportJob.Trigger)
            .ForJob(MonthlyAuditReportJob.Key)
            .WithCronSchedule(MonthlyAuditReportJob.Schedule, c => c.InTimeZone(TimeZoneInfo.Utc).WithMisfireInstruction(CronTriggerMisfireInstruction.FireAndProceed))
            .Build();
        await scheduler.ScheduleTrigger(monthlyTrigger, TriggerConflict.Keep, cancellationToken).ConfigureAwait(false);
    }

    private static async Task ScheduleAsync<TJob>(IScheduler scheduler, JobKey key, TriggerKey triggerKey, TimeSpan interval, CancellationToken cancellationToken)
        where TJob : IJob
    {
        var job = JobBuilder.Create<TJob>().WithIdentity(key).StoreDurably().RequestRecovery().Build();
        await scheduler.AddJob(job, new AddJobOptions { Replace = true }, cancellationToken).ConfigureAwait(false);
        await scheduler.ScheduleTrigger(IntervalTrigger(key, triggerKey, interval, startAt: null), TriggerConflict.Keep, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>A job's interval trigger, first due at <paramref name="startAt"/> (now when it is null).</summary>
    internal static ITrigger IntervalTrigger(JobKey key, TriggerKey triggerKey, TimeSpan interval, DateTimeOffset? startAt)
    {
        var builder = TriggerBuilder.Create().WithIdentity(triggerKey).ForJob(key);
        builder = startAt is { } at ? builder.StartAt(at) : builder.StartNow();
        return builder
            .WithSimpleSchedule(s => s.WithInterval(interval).RepeatForever().MeasureIntervalFromCompletion().WithMisfireInstruction(SimpleTriggerMisfireInstruction.FireNow))
            .Build();
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
