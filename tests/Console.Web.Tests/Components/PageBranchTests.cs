using System.Security.Claims;
using AdminConsole.Domain.Commands;
using AdminConsole.Domain.Model.Access;
using AdminConsole.Domain.Model.Jobs;
using AdminConsole.Domain.Model.Workspaces;
using AdminConsole.Domain.Persistence;
using AdminConsole.Domain.UseCases;
using AdminConsole.Jobs.Reports;
using AdminConsole.TestSupport;
using AdminConsole.Web.Auth;
using AdminConsole.Web.Components.Pages.Jobs;
using AdminConsole.Web.Components.Pages.Posture;
using AdminConsole.Web.Components.Pages.Reports;
using AdminConsole.Web.Components.Ui;
using AdminConsole.Web.Security;
using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using MudBlazor.Services;

namespace AdminConsole.Web.Tests.Components;

/// <summary>
/// The branches of the rebuilt pages, rendered in memory over their real use cases and a real SQLite database: which job
/// the jobs page opens, an unknown rule or job, and a reports page for someone with nothing to report on.
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Reliability", "CA1001", Justification = "Disposed through IAsyncLifetime.DisposeAsync, which xunit calls.")]
public sealed class PageBranchTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Now = new(2026, 12, 5, 9, 0, 0, TimeSpan.Zero);

    // The use cases read a real database: on a loaded machine that takes longer than bUnit's default second.
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);

    private readonly BunitContext _bunit = new();
    private readonly Scheduler _scheduler = new();
    private TestDatabase _database = null!;

    public async Task InitializeAsync()
    {
        _database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await _database.MigrateAsync();
        var factory = _database.CreateFactory();
        var clock = new FakeClock(Now);
        _bunit.JSInterop.Mode = JSRuntimeMode.Loose;
        _bunit.Services.AddMudServices();
        _bunit.Services.AddSingleton<TimeProvider>(clock);
        _bunit.Services.AddScoped<ConsoleActions>(sp => new ConsoleActions(sp.GetRequiredService<MudBlazor.IDialogService>(), sp.GetRequiredService<MudBlazor.ISnackbar>(), NullLogger<ConsoleActions>.Instance));
        _bunit.Services.AddScoped<UserContext>();
        _bunit.Services.AddSingleton(new JobUseCases(factory, _scheduler));
        _bunit.Services.AddSingleton(new PostureUseCases(factory, clock, []));
        _bunit.Services.AddSingleton(new ReportUseCases(factory, new AuditReportCommands(factory, clock), _scheduler, clock, "audit-report-generation"));
        _bunit.Services.AddSingleton(new WorkspaceUseCases(factory, new WorkspaceCommands(factory, clock)));
        _bunit.Services.AddSingleton(new ReportSigning(new ReportOptions()));
    }

    public async Task DisposeAsync()
    {
        await _bunit.DisposeAsync();
        await _database.DisposeAsync();
    }

    [Fact]
    public async Task TheJobsPage_OpensTheJobWhoseLastRunNeedsALook_AndAnAuditorGetsNoRunButton()
    {
        await RunAsync("notice-dispatch", succeeded: true);
        await RunAsync("trash-purge", succeeded: false);
        SignIn(ConsoleRoles.Auditor);

        var page = _bunit.Render<JobList>();

        // Not the first in the list (notice dispatch): the one that failed.
        page.WaitForAssertion(() => Assert.Equal("Trash purge", page.Find("#job-detail-heading").TextContent), Wait);
        Assert.DoesNotContain(page.FindAll("button"), b => b.GetAttribute("aria-label")?.StartsWith("Run ", StringComparison.Ordinal) == true);
        Assert.Equal("true", page.Find("tr[data-job='trash-purge'] a").GetAttribute("aria-current"));
    }

    [Fact]
    public void TheJobsPage_SaysSoForAJobNobodyHas_AndAnOfficerGetsARunButtonPerJob()
    {
        SignIn(ConsoleRoles.ComplianceOfficer);
        _bunit.Services.GetRequiredService<NavigationManager>().NavigateTo("jobs?job=no-such-job");

        var page = _bunit.Render<JobList>();

        page.WaitForAssertion(() => Assert.Contains("There is no job called “no-such-job”", page.Find(".job-history").TextContent, StringComparison.Ordinal), Wait);
        Assert.Equal(Scheduler.Jobs.Length, page.FindAll("button").Count(b => b.GetAttribute("aria-label")?.StartsWith("Run ", StringComparison.Ordinal) == true));
    }

    [Fact]
    public void ThePostureRulePage_ForACodeNoRuleHas_SaysSoAndLinksToEveryRule()
    {
        SignIn(ConsoleRoles.ComplianceOfficer);

        var page = _bunit.Render<PostureViolations>(p => p.Add(c => c.RuleCode, "no-such-rule"));

        Assert.Equal("No such rule", page.Find("h1").TextContent);
        Assert.Equal("posture", page.Find(".empty-state a").GetAttribute("href"));
    }

    [Fact]
    public void ThePostureRulePage_WithNothingBroken_SaysTheCommitmentIsKept()
    {
        SignIn(ConsoleRoles.Auditor);

        var page = _bunit.Render<PostureViolations>(p => p.Add(c => c.RuleCode, "review-overdue"));

        page.WaitForAssertion(() => Assert.Contains("No violations — the commitment is kept", page.Find(".grid-empty").TextContent, StringComparison.Ordinal), Wait);
        Assert.Contains("0 violations", page.Find(".result-count").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void TheReportsPage_ForAWorkspaceAdminWithoutAWorkspace_OffersNoForm_AndSaysWhoGeneratesReports()
    {
        SignIn(ConsoleRoles.WorkspaceAdmin);

        var page = _bunit.Render<Reports>();

        page.WaitForAssertion(() => Assert.Contains("An officer or the monthly job generates them.", page.Find(".grid-empty").TextContent, StringComparison.Ordinal), Wait);
        Assert.Empty(page.FindAll("#generate-heading"));
    }

    [Fact]
    public async Task TheReportsPage_ForAWorkspaceAdmin_ChoosesTheirWorkspace_AndOffersNoReportOverAll()
    {
        var wanda = SignIn(ConsoleRoles.WorkspaceAdmin);
        var commands = new WorkspaceCommands(_database.CreateFactory(), new FakeClock(Now));
        var actor = new AdminConsole.Domain.Model.Audit.AuditActor("seed", "Seed", "Console.Admin", null);
        var acme = await commands.CreateAsync(actor, "Acme", Plan.Business, DataRegion.US);
        await commands.AssignAdministratorAsync(actor, acme, wanda);

        var page = _bunit.Render<Reports>();

        page.WaitForAssertion(() => Assert.Equal("Acme", page.Find("#generate-heading ~ form input").GetAttribute("value")), Wait);
        Assert.Contains("Type part of your workspace's name", page.Markup, StringComparison.Ordinal);
    }

    private Guid SignIn(string role)
    {
        var oid = Guid.NewGuid();
        var identity = new ClaimsIdentity(
            [new Claim(ConsoleClaims.ObjectId, oid.ToString()), new Claim(ConsoleClaims.Name, "Reader"), new Claim(ConsoleClaims.Role, role)],
            ConsoleClaims.AuthenticationType, ConsoleClaims.Name, ConsoleClaims.Role);
        _bunit.Services.AddSingleton<AuthenticationStateProvider>(new FixedState(new ClaimsPrincipal(identity)));
        return oid;
    }

    private async Task RunAsync(string job, bool succeeded)
    {
        var run = JobRun.Start(job, Now.AddMinutes(-5));
        run.Finish(Now.AddMinutes(-4), 3, succeeded ? 0 : 1, succeeded ? null : "The mail server refused the connection.");
        await using var db = _database.CreateContext();
        db.JobRuns.Add(run);
        await db.SaveChangesAsync();
    }

    private sealed class FixedState(ClaimsPrincipal user) : AuthenticationStateProvider
    {
        public override Task<AuthenticationState> GetAuthenticationStateAsync() => Task.FromResult(new AuthenticationState(user));
    }

    /// <summary>The job host as the page's use cases reach it: three jobs, and runs asked for (none start here).</summary>
    private sealed class Scheduler : IJobScheduler
    {
        public static readonly string[] Jobs = ["notice-dispatch", "retention-enforcement", "trash-purge"];

        public IReadOnlyList<ScheduledJob> Schedule() => [.. Jobs.Select(j => new ScheduledJob(j, "test", TimeSpan.FromHours(1), null, Now.AddHours(1)))];

        public bool RunNow(string job) => true;
    }
}
