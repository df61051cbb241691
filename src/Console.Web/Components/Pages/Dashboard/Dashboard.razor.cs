using System.Globalization;
using AdminConsole.Domain.Persistence;
using AdminConsole.Domain.Queries;
using AdminConsole.Jobs.Posture;
using AdminConsole.Jobs.Retention;
using AdminConsole.Web.Components.Shared;
using AdminConsole.Web.Security;
using Microsoft.AspNetCore.Components;
using Microsoft.EntityFrameworkCore;

namespace AdminConsole.Web.Components.Pages.Dashboard;

public partial class Dashboard
{
    private static readonly CultureInfo Culture = CultureInfo.InvariantCulture;

    private DashboardSummary? _summary;
    private List<PlanBar> _planBars = [];
    private bool _showRecent;
    private RegistrySummary? _registry;
    private PostureSummary? _posture;

    [Inject]
    public required IDbContextFactory<ConsoleDbContext> DbFactory { get; init; }

    [Inject]
    public required TimeProvider Clock { get; init; }

    [Inject]
    public required UserContext UserContext { get; init; }

    [Inject]
    public required RetentionOptions Retention { get; init; }

    private DateTimeOffset Now => Clock.GetUtcNow();

    private int EnterpriseCount => _summary?.PerPlan.Where(p => p.Plan == AdminConsole.Domain.Model.Workspaces.Plan.Enterprise).Sum(p => p.Workspaces) ?? 0;

    protected override async Task OnInitializedAsync()
    {
        var user = await UserContext.GetAsync();
        await using var db = await DbFactory.CreateDbContextAsync();

        // Auditors read aggregate figures (they go into audit reports) but no workspace by name.
        var auditorView = !user.SeesAllWorkspaces && user.Roles.Contains(AdminConsole.Domain.Model.Access.ConsoleRoles.Auditor)
            && !user.Roles.Contains(AdminConsole.Domain.Model.Access.ConsoleRoles.WorkspaceAdmin);
        _showRecent = !auditorView;
        _summary = await DashboardQuery.RunAsync(db, auditorView ? db.Workspaces : db.Visible(user));
        if (user.Satisfies(Policies.ViewSubprocessors))
            _registry = await RegistrySummaryQuery.RunAsync(db, DateOnly.FromDateTime(Clock.GetUtcNow().UtcDateTime));
        if (user.Satisfies(Policies.ViewPosture))
            _posture = await PostureQuery.SummaryAsync(db, PostureJobs.Retention(Retention), Clock.GetUtcNow());
        _planBars = _summary.PerPlan.Select(p => new PlanBar(p.Plan.ToString(), p.Workspaces)).ToList();
    }

    private string Share(int count) => Formats.Percent(count, _summary?.ActiveWorkspaces ?? 0);

    private sealed record PlanBar(string Label, int Count);
}
