using AdminConsole.Jobs.Subprocessors;
using Microsoft.Extensions.Hosting;
using Quartz;

namespace AdminConsole.Jobs;

/// <summary>
/// Declares the console's jobs and their triggers. Triggers are added with <see cref="TriggerConflict.Keep"/>:
/// several nodes starting together on one clustered store must not replace (and so double-fire) each other's.
/// </summary>
internal sealed class JobSchedule(ISchedulerFactory schedulers) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var scheduler = await schedulers.GetScheduler(cancellationToken).ConfigureAwait(false);
        var job = JobBuilder.Create<SubprocessorAuthorizationJob>()
            .WithIdentity(SubprocessorAuthorizationJob.Key)
            .StoreDurably()
            .RequestRecovery()
            .Build();
        await scheduler.AddJob(job, new AddJobOptions { Replace = true }, cancellationToken).ConfigureAwait(false);
        var trigger = TriggerBuilder.Create()
            .WithIdentity(SubprocessorAuthorizationJob.Trigger)
            .ForJob(SubprocessorAuthorizationJob.Key)
            .StartNow()
            .WithSimpleSchedule(s => s.WithInterval(TimeSpan.FromMinutes(1)).RepeatForever())
            .Build();
        await scheduler.ScheduleTrigger(trigger, TriggerConflict.Keep, cancellationToken).ConfigureAwait(false);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
