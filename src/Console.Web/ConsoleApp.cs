using AdminConsole.Domain.Audit;
using AdminConsole.Domain.Commands;
using AdminConsole.Domain.Persistence;
using AdminConsole.Domain.Model.Jobs;
using AdminConsole.Domain.UseCases;
using AdminConsole.Jobs;
using AdminConsole.Jobs.Hooks;
using AdminConsole.Jobs.Hosting;
using AdminConsole.Jobs.Mail;
using AdminConsole.Jobs.Notices;
using AdminConsole.Jobs.Posture;
using AdminConsole.Jobs.Reminders;
using AdminConsole.Jobs.Reports;
using AdminConsole.Jobs.Retention;
using AdminConsole.Web.Api;
using AdminConsole.Web.Auth;
using AdminConsole.Web.Components;
using AdminConsole.Web.Components.Shared;
using AdminConsole.Web.Components.Ui;
using AdminConsole.Web.Infrastructure;
using AdminConsole.Web.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration.Json;
using MudBlazor.Services;
using Serilog;
using Serilog.Extensions.Hosting;

namespace AdminConsole.Web;

/// <summary>The composition root: services, middleware and endpoints, in the order they run.</summary>
public static class ConsoleApp
{
    public static WebApplication Build(string[] args)
    {
        var builder = WebApplication.CreateBuilder(args);
        UseRepositorySettings(builder);

        // Every setting the console cannot run with, gathered so that one failed start names them all.
        var problems = new List<string>();

        // A setting found wrong once the host starts (the database role) is said by Program in plain words: the host's
        // own "failed to start" entry would repeat it with a stack trace.
        var logger = new LoggerConfiguration().ReadFrom.Configuration(builder.Configuration)
            .Filter.ByExcluding(e => e.Exception is StartupConfigurationException)
            .CreateLogger();
        builder.Logging.ClearProviders().AddSerilog(logger, dispose: true);
        // The request log writes to this logger directly, enriched through the diagnostic context.
        builder.Services.AddSingleton(new DiagnosticContext(logger));
        builder.Services.AddSingleton<IDiagnosticContext>(sp => sp.GetRequiredService<DiagnosticContext>());

        var database = builder.Configuration.GetSection(DatabaseOptions.SectionName).Get<DatabaseOptions>() ?? new DatabaseOptions();
        var (sealing, sealingProblem) = (builder.Configuration.GetSection(AuditOptions.SectionName).Get<AuditOptions>() ?? new AuditOptions())
            .Read(keyRequired: !builder.Environment.IsDevelopment());
        builder.Services.AddConsoleDatabase(database, builder.Environment.ContentRootPath, sealing ?? AuditSealing.None);
        builder.Services.AddHostedService<DatabaseStartup>();
        // After the database start-up, so that keys left in plain text are encrypted on the migrated schema.
        builder.AddConsoleKeyRing(problems);
        var jobHost = builder.Configuration.GetSection(JobHostOptions.SectionName).Get<JobHostOptions>() ?? new JobHostOptions();
        problems.AddRange(jobHost.Problems());
        builder.Services.AddConsoleJobs(database, jobHost);
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.Configure<DemoDataOptions>(builder.Configuration.GetSection(DemoDataOptions.SectionName));
        builder.Services.AddSingleton<DemoDataSeeder>();
        builder.Services.AddSingleton<WorkspaceCommands>();
        builder.Services.AddSingleton(builder.Configuration.GetSection(SubprocessorOptions.SectionName).Get<SubprocessorOptions>() ?? new SubprocessorOptions());
        builder.Services.AddSingleton<SubprocessorCommands>();
        builder.Services.AddSingleton<RetentionPolicyCommands>();
        builder.Services.AddSingleton<LifecycleCommands>();
        builder.Services.AddSingleton<ApiKeyCommands>();
        builder.Services.AddSingleton<DlpHookCommands>();
        builder.Services.AddSingleton<DlpCommands>();
        builder.Services.AddSingleton<ApiWrites>();
        builder.Services.AddSingleton<AuditReportCommands>();
        builder.Services.AddSingleton<WorkspaceUseCases>();
        builder.Services.AddSingleton<ApiKeyUseCases>();
        builder.Services.AddSingleton<UserUseCases>();
        builder.Services.AddSingleton<RetentionUseCases>();
        builder.Services.AddSingleton<JobUseCases>();
        builder.Services.AddSingleton<AuditUseCases>();
        builder.Services.AddSingleton<LifecycleUseCases>();
        builder.Services.AddSingleton<TrustUseCases>();
        builder.Services.AddSingleton<AiSettingsUseCases>();
        builder.Services.AddSingleton<DlpUseCases>();
        builder.Services.AddSingleton<DlpHookUseCases>();
        var models = builder.Configuration.GetSection(ModelOptions.SectionName).Get<ModelOptions>() ?? new ModelOptions();
        if (models.Problem() is { } modelProblem)
            problems.Add(modelProblem);
        builder.Services.AddSingleton(models);
        builder.Services.AddSingleton<ModelCommands>();
        builder.Services.AddSingleton(sp => new ModelUseCases(
            sp.GetRequiredService<IDbContextFactory<ConsoleDbContext>>(), sp.GetRequiredService<ModelCommands>(), models,
            sp.GetRequiredService<IJobScheduler>(), sp.GetRequiredService<TimeProvider>(), NoticeDispatcher.JobName));
        builder.Services.AddSingleton(sp => new SubprocessorUseCases(
            sp.GetRequiredService<IDbContextFactory<ConsoleDbContext>>(), sp.GetRequiredService<SubprocessorCommands>(), sp.GetRequiredService<SubprocessorOptions>(),
            sp.GetRequiredService<IJobScheduler>(), sp.GetRequiredService<TimeProvider>(), NoticeDispatcher.JobName));
        builder.Services.AddSingleton(sp => new ReportUseCases(
            sp.GetRequiredService<IDbContextFactory<ConsoleDbContext>>(), sp.GetRequiredService<AuditReportCommands>(), sp.GetRequiredService<IJobScheduler>(),
            sp.GetRequiredService<TimeProvider>(), AuditReportGenerator.JobName));
        builder.Services.AddSingleton(sp => new PostureUseCases(
            sp.GetRequiredService<IDbContextFactory<ConsoleDbContext>>(), sp.GetRequiredService<TimeProvider>(), PostureJobs.Retention(sp.GetRequiredService<RetentionOptions>()), models.ReviewIntervalDays));
        builder.Services.AddSingleton(sp => new DashboardUseCases(
            sp.GetRequiredService<IDbContextFactory<ConsoleDbContext>>(), sp.GetRequiredService<TimeProvider>(), PostureJobs.Retention(sp.GetRequiredService<RetentionOptions>()), models.ReviewIntervalDays));
        var reports = builder.Configuration.GetSection(ReportOptions.SectionName).Get<ReportOptions>() ?? new ReportOptions();
        builder.Services.AddSingleton(reports);
        AddReportSigning(builder.Services, reports, problems);
        builder.Services.AddPdfReports();
        builder.Services.AddAiPolicy();
        var mail = builder.Configuration.GetSection(MailOptions.SectionName).Get<MailOptions>() ?? new MailOptions();
        if (mail.PickupDirectory is { Length: > 0 } pickup && !Path.IsPathRooted(pickup))
            mail.PickupDirectory = Path.Combine(builder.Environment.ContentRootPath, pickup);
        builder.Services.AddSingleton(mail);
        builder.Services.AddSingleton(builder.Configuration.GetSection(NoticeOptions.SectionName).Get<NoticeOptions>() ?? new NoticeOptions());
        builder.Services.AddSingleton(builder.Configuration.GetSection(DlpHookOptions.SectionName).Get<DlpHookOptions>() ?? new DlpHookOptions());
        builder.Services.AddSingleton(builder.Configuration.GetSection(RetentionOptions.SectionName).Get<RetentionOptions>() ?? new RetentionOptions());
        var reminders = builder.Configuration.GetSection(ReminderOptions.SectionName).Get<ReminderOptions>() ?? new ReminderOptions();
        if (reminders.Problem() is { } reminderProblem)
            problems.Add(reminderProblem);
        builder.Services.AddSingleton(reminders);
        var rateLimits = builder.Configuration.GetSection(RateLimitOptions.SectionName).Get<RateLimitOptions>() ?? new RateLimitOptions();
        problems.AddRange(rateLimits.Problems());
        if (!rateLimits.Problems().Any())
            builder.Services.AddPublicRateLimits(rateLimits);

        var developmentSignIn = builder.AddConsoleAuthentication(problems);
        builder.Services.AddApiKeyAuthentication();
        builder.Services.AddProductApiDocument();

        // Subscribers are promised notice before a new subprocessor starts: a console that cannot mail them must not run.
        if (!builder.Environment.IsDevelopment())
            problems.AddRange(mail.Problems(allowPlainHttp: builder.Environment.AllowsPlainHttp()));
        else
            problems.AddRange(mail.Dkim.Problems(mail.From));

        // The audit log's evidence against a database writer rests on this key: no key, no start outside Development.
        if (sealingProblem is not null)
            problems.Add(sealingProblem);
        builder.Services.AddScoped<UserContext>();

        builder.Services.AddRazorComponents().AddInteractiveServerComponents();
        builder.Services.AddMudServices(ConsoleUi.Configure);
        builder.Services.AddScoped<ConsoleActions>();
        builder.AddConsoleTelemetry(problems);
        builder.Services.AddProblemDetails();
        builder.Services.AddExceptionHandler<ProblemDetailsExceptionHandler>();
        builder.Services.AddHealthChecks().AddDbContextCheck<ConsoleDbContext>("database");
        builder.Services.AddHsts(o =>
        {
            o.MaxAge = TimeSpan.FromDays(365);
            o.IncludeSubDomains = true;
        });

        if (problems.Count > 0)
            throw new StartupConfigurationException(problems);

        var app = builder.Build();
        // First, so that every answer carries the headers, the redirect to https among them.
        app.UseMiddleware<SecurityHeadersMiddleware>();
        app.UseExceptionHandler();

        // People get the not-found page; machines (health, later the API) get problem details.
        app.UseWhen(IsPageRequest, page => page.UseStatusCodePagesWithReExecute("/not-found", createScopeForStatusCodePages: true));
        app.UseWhen(c => !IsPageRequest(c), other => other.UseStatusCodePages());
        if (!app.Environment.AllowsPlainHttp())
        {
            app.UseHsts();
            app.UseMiddleware<PlainHttpApiRefusal>();
            app.UseHttpsRedirection();
        }

        // Routing after the status code pages so that a re-executed /not-found request is routed again.
        app.UseRouting();
        // One line per request: method, path (never the query string, which may carry tokens), status and time.
        app.UseSerilogRequestLogging(o =>
        {
            o.Logger = logger;
            o.MessageTemplate = "HTTP {RequestMethod} {RequestPath} responded {StatusCode} in {Elapsed:0.0} ms";
        });

        // After routing, so the limits the public form endpoints name apply; before sign-in and antiforgery, so
        // a client over its limit costs nothing more. Rejections are logged like any response.
        app.UseRateLimiter();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseAntiforgery();

        app.MapStaticAssets().AllowAnonymous();
        app.MapHealthEndpoint().AllowAnonymous();
        app.MapConsoleMetrics();
        app.MapAccountEndpoints(developmentSignIn);
        if (developmentSignIn)
            DevelopmentSignInHint.SayOnStart(app);
        app.MapConsoleApi();
        app.MapTrustEndpoints();
        app.MapSubscriptionEndpoints();
        app.MapProductApi();
        app.MapJobDashboard();
        app.MapOpenApi(ProductApi.OpenApiPath).AllowAnonymous();
        app.MapRazorComponents<App>().AddInteractiveServerRenderMode();
        return app;
    }

    /// <summary>A signing certificate that is configured but cannot be used stops the start, with the reason.</summary>
    private static void AddReportSigning(IServiceCollection services, ReportOptions reports, List<string> problems)
    {
        try
        {
            services.AddSingleton(new ReportSigning(reports));
        }
        catch (ReportConfigurationException e)
        {
            problems.Add(e.Message);
        }
    }

    private static bool IsPageRequest(HttpContext context) =>
        !context.Request.Path.StartsWithSegments("/api", StringComparison.OrdinalIgnoreCase)
        && !context.Request.Path.StartsWithSegments("/health", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// The repository keeps its development settings at the top level (appsettings.Development.json beside
    /// the solution) so that one file serves `dotnet run` and the tests; it is read after the project's own files.
    /// </summary>
    private static void UseRepositorySettings(WebApplicationBuilder builder)
    {
        var environment = builder.Environment.EnvironmentName;
        for (var dir = new DirectoryInfo(builder.Environment.ContentRootPath); dir is not null; dir = dir.Parent)
        {
            if (!File.Exists(Path.Combine(dir.FullName, "AdminConsole.sln")))
                continue;
            var file = Path.Combine(dir.FullName, $"appsettings.{environment}.json");
            if (File.Exists(file))
            {
                // Read after the project's own appsettings files, before environment variables and the command line.
                var sources = builder.Configuration.Sources;
                var index = sources.Select((s, i) => (s, i)).LastOrDefault(x => x.s is JsonConfigurationSource).i;
                var source = new JsonConfigurationSource { Path = file, Optional = true, ReloadOnChange = false };
                source.ResolveFileProvider();
                sources.Insert(index + 1, source);
            }

            break;
        }
    }
}
