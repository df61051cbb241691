using System.Globalization;
using AdminConsole.Domain.Model;
using AdminConsole.Domain.Model.Workspaces;
using AdminConsole.Domain.UseCases;
using AdminConsole.Web.Components.Shared;
using AdminConsole.Web.Security;
using Microsoft.AspNetCore.Components;

namespace AdminConsole.Web.Components.Pages.Dashboard;

public partial class Dashboard
{
    private DashboardView? _view;

    [Inject]
    public required DashboardUseCases Dashboards { get; init; }

    [Inject]
    public required TimeProvider Clock { get; init; }

    [Inject]
    public required UserContext UserContext { get; init; }

    private DateTimeOffset Now => Clock.GetUtcNow();

    private int EnterpriseCount => _view?.Summary.PerPlan.Where(p => p.Plan == Plan.Enterprise).Sum(p => p.Workspaces) ?? 0;

    private IReadOnlyList<(string Label, int Value)> PlanBars => [.. _view!.Summary.PerPlan.Select(p => (p.Plan.Label(), p.Workspaces))];

    private string PlanChartDescription =>
        "Bar chart of active workspaces per plan: " + string.Join(", ", _view!.Summary.PerPlan.Select(p => $"{p.Plan.Label()} {p.Workspaces.ToString("N0", CultureInfo.InvariantCulture)}")) + ".";

    protected override async Task OnInitializedAsync()
    {
        var outcome = await Dashboards.GetAsync(await UserContext.GetAsync());
        _view = outcome.Succeeded ? outcome.Value : null;
    }

    private static string? Link(bool allowed, string href) => allowed ? href : null;

    private string Share(int count) => Formats.Percent(count, _view?.Summary.ActiveWorkspaces ?? 0);
}
