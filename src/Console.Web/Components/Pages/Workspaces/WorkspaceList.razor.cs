using System.Globalization;
using AdminConsole.Domain.Access;
using AdminConsole.Domain.Model.Workspaces;
using AdminConsole.Domain.Queries;
using AdminConsole.Domain.UseCases;
using AdminConsole.Web.Components.Ui;
using AdminConsole.Web.Security;
using Microsoft.AspNetCore.Components;

namespace AdminConsole.Web.Components.Pages.Workspaces;

public partial class WorkspaceList
{
    private static readonly IReadOnlyList<GridColumn> Columns =
    [
        new("Name", nameof(WorkspaceSortField.Name)),
        new("Plan", nameof(WorkspaceSortField.Plan)),
        new("Region", nameof(WorkspaceSortField.Region)),
        new("Status", nameof(WorkspaceSortField.Status)),
        new("Members", nameof(WorkspaceSortField.Members), Numeric: true),
        new("Created", nameof(WorkspaceSortField.CreatedAt)),
        new("Last change", nameof(WorkspaceSortField.UpdatedAt)),
    ];

    private ConsoleGrid<WorkspaceListItem>? _grid;
    private string? _search;
    private Plan? _plan;
    private DataRegion? _region;
    private WorkspaceStatus? _status;
    private int? _total;

    [Inject]
    public required WorkspaceUseCases Workspaces { get; init; }

    [Inject]
    public required UserContext UserContext { get; init; }

    [Inject]
    public required NavigationManager Navigation { get; init; }

    [SupplyParameterFromQuery(Name = "q")]
    public string? SearchQuery { get; set; }

    [SupplyParameterFromQuery(Name = "plan")]
    public string? PlanQuery { get; set; }

    [SupplyParameterFromQuery(Name = "region")]
    public string? RegionQuery { get; set; }

    [SupplyParameterFromQuery(Name = "status")]
    public string? StatusQuery { get; set; }

    private bool Filtered => !string.IsNullOrWhiteSpace(_search) || _plan is not null || _region is not null || _status is not null;

    private string ResultText => _total is not { } total
        ? "Loading workspaces…"
        : $"{total.ToString("N0", CultureInfo.InvariantCulture)} workspace{(total == 1 ? string.Empty : "s")}";

    protected override void OnInitialized()
    {
        _search = SearchQuery;
        _plan = UrlState.Enum<Plan>(PlanQuery);
        _region = UrlState.Enum<DataRegion>(RegionQuery);
        _status = UrlState.Enum<WorkspaceStatus>(StatusQuery);
    }

    private async Task<GridPage<WorkspaceListItem>> LoadAsync(GridRequest request, CancellationToken cancellationToken)
    {
        var sortBy = Enum.TryParse<WorkspaceSortField>(request.SortKey, out var field) ? field : WorkspaceSortField.Name;
        var outcome = await Workspaces.ListAsync(
            await UserContext.GetAsync(),
            new WorkspaceListRequest(_search, _plan, _region, _status, sortBy, request.Descending, request.Skip, request.Take),
            cancellationToken);
        var page = outcome.Succeeded ? outcome.Value : new WorkspaceListPage([], 0);
        _total = page.Total;
        StateHasChanged();
        return new GridPage<WorkspaceListItem>(page.Items, page.Total);
    }

    private Task SearchAsync(string? value)
    {
        _search = value;
        return FiltersChangedAsync();
    }

    private Task PlanAsync(Plan? value)
    {
        _plan = value;
        return FiltersChangedAsync();
    }

    private Task RegionAsync(DataRegion? value)
    {
        _region = value;
        return FiltersChangedAsync();
    }

    private Task StatusAsync(WorkspaceStatus? value)
    {
        _status = value;
        return FiltersChangedAsync();
    }

    private Task ClearFiltersAsync()
    {
        _search = null;
        _plan = null;
        _region = null;
        _status = null;
        return FiltersChangedAsync();
    }

    private Task FiltersChangedAsync()
    {
        UrlState.Keep(Navigation, new Dictionary<string, object?>
        {
            ["q"] = string.IsNullOrWhiteSpace(_search) ? null : _search.Trim(),
            ["plan"] = _plan?.ToString(),
            ["region"] = _region?.ToString(),
            ["status"] = _status?.ToString(),
        });
        return _grid?.ReloadAsync() ?? Task.CompletedTask;
    }
}
