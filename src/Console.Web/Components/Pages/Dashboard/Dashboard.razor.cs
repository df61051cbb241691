using System.Globalization;
using AdminConsole.Domain.Persistence;
using AdminConsole.Domain.Queries;
using AdminConsole.Web.Components.Shared;
using Microsoft.AspNetCore.Components;
using Microsoft.EntityFrameworkCore;

namespace AdminConsole.Web.Components.Pages.Dashboard;

public partial class Dashboard
{
    private static readonly CultureInfo Culture = CultureInfo.InvariantCulture;

    private DashboardSummary? _summary;
    private List<PlanBar> _planBars = [];

    [Inject]
    public required IDbContextFactory<ConsoleDbContext> DbFactory { get; init; }

    [Inject]
    public required TimeProvider Clock { get; init; }

    private DateTimeOffset Now => Clock.GetUtcNow();

    private int EnterpriseCount => _summary?.PerPlan.Where(p => p.Plan == AdminConsole.Domain.Model.Workspaces.Plan.Enterprise).Sum(p => p.Workspaces) ?? 0;

    protected override async Task OnInitializedAsync()
    {
        await using var db = await DbFactory.CreateDbContextAsync();
        _summary = await DashboardQuery.RunAsync(db);
        _planBars = _summary.PerPlan.Select(p => new PlanBar(p.Plan.ToString(), p.Workspaces)).ToList();
    }

    private string Share(int count) => Formats.Percent(count, _summary?.ActiveWorkspaces ?? 0);

    private sealed record PlanBar(string Label, int Count);
}
