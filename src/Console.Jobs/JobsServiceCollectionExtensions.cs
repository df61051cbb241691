using AdminConsole.Domain.Persistence;
using AdminConsole.Domain.Model.Dlp.Hooks;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Quartz;

namespace AdminConsole.Jobs;

public static class JobsServiceCollectionExtensions
{
    public const string SchedulerName = "AdminConsole";

    /// <summary>
    /// The scheduler that runs the enforcement jobs. On PostgreSQL its store is persistent and clustered, so
    /// several web nodes share the jobs and a node killed mid-run has its work recovered by another; the
    /// embedded SQLite default is a single process and keeps the schedule in memory.
    /// </summary>
    public static IServiceCollection AddConsoleJobs(this IServiceCollection services, DatabaseOptions database)
    {
        ArgumentNullException.ThrowIfNull(database);
        var properties = new Dictionary<string, string?>
        {
            ["quartz.scheduler.instanceName"] = SchedulerName,

            // Each node of a cluster needs its own id; AUTO makes one from the host name and time.
            ["quartz.scheduler.instanceId"] = "AUTO",

            // A firing more than a second late counts as missed and is handled by the trigger's misfire rule (fire
            // once now); with Quartz's default of a minute, firings late by less than that would all fire in a row.
            ["quartz.jobStore.misfireThreshold"] = "1000",
        };
        services.AddQuartz(properties, q =>
        {
            if (database.Provider == DatabaseProvider.Postgres)
            {
                q.UsePersistentStore(s =>
                {
                    s.UsePostgres(database.ConnectionString);
                    s.UseSystemTextJsonSerializer();
                    s.ProvisionSchema();
                    s.UseClustering();
                });
            }
            else
            {
                q.UseInMemoryStore();
            }

            q.AddTriggerListener<RecoveredFiringGuard>();
            q.AddJobListener<RecoveredFiringGuard>();
        });
        services.AddSingleton<JobRunRecorder>();
        services.AddSingleton<Mail.MailSender>();
        services.AddSingleton<Notices.NoticeLinks>();
        services.AddSingleton<Subscriptions.SubscriptionService>();
        services.AddSingleton<Subscriptions.ConfirmationMails>();
        services.AddHostedService<Subscriptions.ConfirmationMailSender>();
        services.AddSingleton<Subprocessors.SubprocessorAuthorizer>();
        services.AddSingleton<Notices.NoticeDispatcher>();
        services.AddSingleton<Notices.NoticeOutbox>();
        services.AddSingleton<Reminders.ReminderService>();
        services.AddSingleton<Retention.RetentionEnforcer>();
        services.AddSingleton<Retention.TrashPurger>();
        services.AddSingleton<Retention.EmbeddingPurger>();
        services.AddSingleton<Posture.PostureSnapshotter>();
        services.AddSingleton<Reports.AuditReportBuilder>();
        services.AddSingleton<Reports.AuditReportGenerator>();
        services.AddSingleton<Reports.ReportGenerationTrigger>();

        // The composition root binds the DlpHooks section; without it hooks reach public https endpoints only.
        services.TryAddSingleton(new Hooks.DlpHookOptions());
        services.AddSingleton(sp => new HookAddressRules(sp.GetRequiredService<Hooks.DlpHookOptions>().AllowedNetworks));
        services.AddSingleton<ISecretSealer, Hooks.DataProtectionSecretSealer>();
        services.AddSingleton<Hooks.DlpHookDispatcher>();
        services.AddHostedService<JobSchedule>();
        services.AddQuartzHostedService(o => o.WaitForJobsToComplete = true);
        return services;
    }
}
