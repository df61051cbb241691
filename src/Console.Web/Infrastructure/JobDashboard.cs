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

    public static IEndpointConventionBuilder MapJobDashboard(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
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
