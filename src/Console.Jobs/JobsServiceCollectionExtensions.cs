using AdminConsole.Domain.Model.Jobs;
using AdminConsole.Domain.Model.Dlp.Hooks;
using AdminConsole.Domain.Persistence;
using AdminConsole.Jobs.Hooks;
using AdminConsole.Jobs.Hosting;
using AdminConsole.Jobs.Notices;
using AdminConsole.Jobs.Posture;
using AdminConsole.Jobs.Reminders;
using AdminConsole.Jobs.Reports;
using AdminConsole.Jobs.Retention;
using AdminConsole.Jobs.Subprocessors;
using Hangfire;
using Hangfire.Common;
using Hangfire.AspNetCore;
using Hangfire.InMemory;
using Hangfire.PostgreSql;
using Hangfire.PostgreSql.Factories;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace AdminConsole.Jobs;

public static class JobsServiceCollectionExtensions
{
    /// <summary>The console's jobs: each is its work class and one line here (docs/decisions/013).</summary>
    public static JobCatalog Catalog() => new JobCatalog()
        .Every<SubprocessorAuthorizer>(SubprocessorAuthorizer.JobName, "subprocessors", _ => TimeSpan.FromMinutes(1), (w, _, ct) => w.RunAsync(ct))
        .Every<ReminderService>(ReminderService.JobName, "subprocessors", s => s.GetRequiredService<ReminderOptions>().Interval, (w, _, ct) => w.RunAsync(ct))
        .Every<NoticeDispatcher>(NoticeDispatcher.JobName, "notices", s => s.GetRequiredService<NoticeOptions>().DispatchInterval, (w, run, ct) => w.RunAsync(run, ct))
        .Every<DlpHookDispatcher>(DlpHookDispatcher.JobName, "dlp", s => s.GetRequiredService<DlpHookOptions>().DispatchInterval, (w, _, ct) => w.RunAsync(ct))
        .Every<RetentionEnforcer>(RetentionEnforcer.JobName, "retention", s => s.GetRequiredService<RetentionOptions>().Interval, (w, run, ct) => w.RunAsync(run, ct))
        .Every<TrashPurger>(TrashPurger.JobName, "retention", s => s.GetRequiredService<RetentionOptions>().Interval, (w, run, ct) => w.RunAsync(run, ct))
        .Every<EmbeddingPurger>(EmbeddingPurger.JobName, "retention", s => s.GetRequiredService<RetentionOptions>().Interval, (w, run, ct) => w.RunAsync(run, ct))
        .Every<PostureSnapshotter>(PostureSnapshotter.JobName, "posture", _ => PostureSnapshotter.Interval, (w, _, ct) => w.RunAsync(ct))
        .Every<AuditReportGenerator>(AuditReportGenerator.JobName, "reports", _ => TimeSpan.FromMinutes(1), (w, _, ct) => w.RunAsync(ct))
        // A month's request that failed is tried again (its id is the month's, so a retry adds it once at most).
        .Calendar<MonthlyAuditReport>(MonthlyAuditReport.JobName, "reports", MonthlyAuditReport.Schedule, (w, _, ct) => w.RunAsync(ct), retries: 5);

    /// <summary>
    /// The job host (Hangfire) and the jobs. On PostgreSQL its storage is in the console's database (schema
    /// <c>hangfire</c>), shared by every node, so a run goes to one node and a node's death hands its runs to another;
    /// the embedded SQLite default is one process and keeps the job storage in memory (docs/decisions/013).
    /// </summary>
    public static IServiceCollection AddConsoleJobs(this IServiceCollection services, DatabaseOptions database, JobHostOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(database);
        options ??= new JobHostOptions();
        services.AddSingleton(options);
        services.TryAddSingleton(database);
        services.AddSingleton(Catalog());

        // The job host's services, each of this application's own (none from the library's static configuration, which
        // several applications in one process, as in the tests, would share).
        if (database.Provider == DatabaseProvider.Postgres)
        {
            services.AddSingleton<JobStorage>(sp => Configured(sp, () => PostgresStorage(database.ConnectionString, options)));
            services.AddSingleton<IJobRunLock>(new PostgresJobRunLock(database.ConnectionString));
        }
        else
        {
            services.AddSingleton<JobStorage>(sp => Configured(sp, () => new InMemoryStorage(new InMemoryStorageOptions { IdType = InMemoryStorageIdType.Long })));
            services.AddSingleton<IJobRunLock, InProcessJobRunLock>();
        }

        services.AddSingleton<JobActivator>(sp => new AspNetCoreJobActivator(sp.GetRequiredService<IServiceScopeFactory>()));
        services.AddSingleton<IJobFilterProvider, JobFilters>();
        services.AddSingleton<IBackgroundJobClient>(sp => new BackgroundJobClient(sp.GetRequiredService<JobStorage>(), sp.GetRequiredService<IJobFilterProvider>()));
        services.AddSingleton<IRecurringJobManager>(sp => new RecurringJobManager(sp.GetRequiredService<JobStorage>(), sp.GetRequiredService<IJobFilterProvider>()));
        services.AddHangfire((sp, c) =>
        {
            JobHostLogs.Instance.Use(sp.GetRequiredService<Microsoft.Extensions.Logging.ILoggerFactory>());
            c.SetDataCompatibilityLevel(CompatibilityLevel.Version_180).UseSimpleAssemblyNameTypeSerializer().UseRecommendedSerializerSettings().UseLogProvider(JobHostLogs.Instance);
        });

        services.AddSingleton<JobChain>();
        services.AddSingleton<ConsoleJobs>();
        services.AddSingleton<IJobScheduler>(sp => sp.GetRequiredService<ConsoleJobs>());
        services.AddTransient<JobHost>();
        services.AddSingleton<JobRunRecorder>();
        services.AddSingleton<Mail.MailSender>();
        services.AddSingleton<NoticeLinks>();
        services.AddSingleton<Subscriptions.SubscriptionService>();
        services.AddSingleton<Subscriptions.ConfirmationMails>();
        services.AddHostedService<Subscriptions.ConfirmationMailSender>();
        services.AddSingleton<SubprocessorAuthorizer>();
        services.AddSingleton<NoticeDispatcher>();
        services.AddSingleton<NoticeOutbox>();
        services.AddSingleton<ReminderService>();
        services.AddSingleton<RetentionEnforcer>();
        services.AddSingleton<TrashPurger>();
        services.AddSingleton<EmbeddingPurger>();
        services.AddSingleton<PostureSnapshotter>();
        services.AddSingleton<AuditReportBuilder>();
        services.AddSingleton<AuditReportGenerator>();
        services.AddSingleton<MonthlyAuditReport>();
        services.AddSingleton<ReportGenerationTrigger>();

        // The composition root binds the DlpHooks section; without it hooks reach public https endpoints only.
        services.TryAddSingleton(new DlpHookOptions());
        services.AddSingleton(sp => new HookAddressRules(sp.GetRequiredService<DlpHookOptions>().AllowedNetworks));
        services.AddSingleton<ISecretSealer, DataProtectionSecretSealer>();
        services.AddSingleton<DlpHookDispatcher>();

        // After the database's start-up (registered before this), so the storage's schema is made on a migrated database.
        services.AddHostedService<JobServer>();
        services.AddHostedService<JobScheduleKeeper>();
        return services;
    }

    /// <summary>The job host configured (its log, its serializer) before the storage is made, which logs as it is.</summary>
    private static JobStorage Configured(IServiceProvider services, Func<JobStorage> storage)
    {
        services.GetRequiredService<IGlobalConfiguration>();
        return storage();
    }

    /// <summary>
    /// A claim on a running job renewed every fifth of the takeover time (a sliding invisibility timeout), so a long run
    /// keeps its claim and a dead node's claim lapses within that time. The storage's own locks (held for moments, by
    /// its scheduler and by the chains) lapse as fast if their holder dies; runs of a job are kept apart by
    /// <see cref="PostgresJobRunLock"/>, not by these.
    /// </summary>
    private static PostgreSqlStorage PostgresStorage(string connectionString, JobHostOptions options)
    {
        var storage = new PostgreSqlStorageOptions
        {
            SchemaName = JobHostOptions.PostgresSchema,
            // Installed by the migration role as the node starts (JobStorageSchema), never by the console's role.
            PrepareSchemaIfNecessary = false,
            UseSlidingInvisibilityTimeout = true,
            InvisibilityTimeout = options.TakeoverAfter,
            DistributedLockTimeout = options.TakeoverAfter,
            QueuePollInterval = options.PollInterval,
        };
        return new PostgreSqlStorage(new NpgsqlConnectionFactory(connectionString, storage), storage);
    }
}
