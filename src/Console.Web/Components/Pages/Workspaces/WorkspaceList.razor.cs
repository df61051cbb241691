using System.Globalization;
using AdminConsole.Domain.Model.Workspaces;
using AdminConsole.Domain.Persistence;
using AdminConsole.Domain.Queries;
using AdminConsole.Web.Components.Shared;
using AdminConsole.Web.Security;
using Microsoft.AspNetCore.Components;
using Microsoft.EntityFrameworkCore;
using Radzen;
using Radzen.Blazor;

namespace AdminConsole.Web.Components.Pages.Workspaces;

public partial class WorkspaceList : IDisposable
{
    private static readonly IEnumerable<int> PageSizes = [25, 50, 100];
    private static readonly IReadOnlyList<EnumOption<Plan>> PlanOptions = EnumOptions.For<Plan>();
    private static readonly IReadOnlyList<EnumOption<DataRegion>> RegionOptions = EnumOptions.For<DataRegion>();
    private static readonly IReadOnlyList<EnumOption<WorkspaceStatus>> StatusOptions = EnumOptions.For<WorkspaceStatus>();

    private readonly CancellationTokenSource _disposed = new();
    private RadzenDataGrid<WorkspaceListItem>? _grid;
    private IEnumerable<WorkspaceListItem>? _items;
    private int _total;
    private bool _loading;
    private string? _search;
    private Plan? _plan;
    private DataRegion? _region;
    private WorkspaceStatus? _status;
    private CancellationTokenSource? _typing;

    [Inject]
    public required IDbContextFactory<ConsoleDbContext> DbFactory { get; init; }

    [Inject]
    public required NavigationManager Navigation { get; init; }

    [Inject]
    public required UserContext UserContext { get; init; }

    [SupplyParameterFromQuery(Name = "plan")]
    public string? PlanQuery { get; set; }

    private string ResultText => _loading ? "Loading…" : $"{_total.ToString("N0", CultureInfo.InvariantCulture)} workspace{(_total == 1 ? string.Empty : "s")}";

    public void Dispose()
    {
        _disposed.Cancel();
        _disposed.Dispose();
        _typing?.Dispose();
        GC.SuppressFinalize(this);
    }

    protected override void OnInitialized()
    {
        if (Enum.TryParse<Plan>(PlanQuery, ignoreCase: true, out var plan) && Enum.IsDefined(plan))
            _plan = plan;
    }

    private async Task LoadAsync(LoadDataArgs args)
    {
        _loading = true;
        var sort = args.Sorts?.FirstOrDefault(s => s.SortOrder is not null);
        var sortBy = Enum.TryParse<WorkspaceSortField>(sort?.Property, out var field) ? field : WorkspaceSortField.Name;
        var request = new WorkspaceListRequest(
            _search, _plan, _region, _status, sortBy, sort?.SortOrder == SortOrder.Descending, args.Skip ?? 0, args.Top ?? 25);

        var user = await UserContext.GetAsync();
        await using var db = await DbFactory.CreateDbContextAsync(_disposed.Token);
        var page = await WorkspaceListQuery.RunAsync(db.Visible(user), request, _disposed.Token);
        _items = page.Items;
        _total = page.Total;
        _loading = false;
    }

    private async Task ApplyFiltersAsync()
    {
        if (_grid is not null)
            await _grid.FirstPage(forceReload: true);
    }

    // Search as you type, once typing pauses, so every keystroke does not cost a query.
    private async Task OnSearchInput(ChangeEventArgs e)
    {
        _search = e.Value as string;
        if (_typing is not null)
            await _typing.CancelAsync();
        _typing?.Dispose();
        _typing = new CancellationTokenSource();
        try
        {
            await Task.Delay(300, _typing.Token);
            await ApplyFiltersAsync();
        }
        catch (TaskCanceledException)
        {
            // A newer keystroke superseded this search.
        }
    }
}
