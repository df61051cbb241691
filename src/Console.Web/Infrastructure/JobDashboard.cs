using System.Globalization;
using AdminConsole.Web.Security;
using Hangfire;
using Hangfire.Dashboard;

namespace AdminConsole.Web.Infrastructure;

/// <summary>
/// The job host's (Hangfire's) own dashboard, for admins: queues, workers per node, scheduled and failed runs with their
/// errors, and the buttons that requeue or delete a run. It is behind the console's sign-in and the
/// <see cref="Policies.OperateJobs"/> policy (an anonymous visitor is sent to sign in, anyone else refused), and its
/// buttons carry the console's antiforgery token. The console's /jobs page stays the record of runs and evidence.
/// </summary>
public static class JobDashboard
{
    public const string Path = "/jobs/hangfire";

    private static readonly CultureInfo English = CultureInfo.GetCultureInfo("en");

    private static int _assetsAdded;

    public static IEndpointConventionBuilder MapJobDashboard(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);

        // The dashboard's own pages carry no name on their checkboxes and grey-on-grey navigation: a script and a style
        // of the console's fix both (the job host keeps its assets for the whole process, so they are added once).
        if (Interlocked.Exchange(ref _assetsAdded, 1) == 0)
        {
            DashboardRoutes.AddJavaScript(typeof(JobDashboard).Assembly, "AdminConsole.JobDashboard.js");
            DashboardRoutes.AddStylesheet(typeof(JobDashboard).Assembly, "AdminConsole.JobDashboard.css");
        }

        // Its pages are in English and say so: the page's language is the request's UI culture, empty when invariant.
        app.UseWhen(c => c.Request.Path.StartsWithSegments(Path, StringComparison.OrdinalIgnoreCase), branch => branch.Use(async (context, next) =>
        {
            CultureInfo.CurrentUICulture = English;
            CultureInfo.CurrentCulture = English;
            await next(context).ConfigureAwait(false);
        }));

        IEndpointRouteBuilder endpoints = app;
        var options = new DashboardOptions
        {
            DashboardTitle = "AdminConsole · job host",
            AppPath = "/jobs",
            DisplayStorageConnectionString = false,
            IgnoreAntiforgeryToken = false,
            // The stored call is the same for every job (the job host with the job's name): its name says more.
            DisplayNameFunc = (_, job) => job.Args is [string name, ..] ? name : job.ToString(),
        };
        return endpoints.MapHangfireDashboardWithAuthorizationPolicy(Policies.OperateJobs, Path, options, endpoints.ServiceProvider.GetRequiredService<JobStorage>());
    }
}
