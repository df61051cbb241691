using System.Globalization;
using AdminConsole.Domain.Model.Subprocessors;
using AdminConsole.Domain.Queries;
using AdminConsole.Domain.UseCases;
using AdminConsole.Web.Components.Shared;
using AdminConsole.Web.Components.Ui;
using AdminConsole.Web.Security;
using Microsoft.AspNetCore.Components;

namespace AdminConsole.Web.Components.Pages.Subprocessors;

/// <summary>The subscribers to notices, a page at a time, searched, filtered and sorted in SQL, with the filters in the address.</summary>
public partial class SubscriberList
{
    private static readonly IReadOnlyList<GridColumn> Columns =
    [
        new("Email", nameof(SubscriptionSortField.Email)),
        new("Company", nameof(SubscriptionSortField.Company)),
        new("Status", nameof(SubscriptionSortField.Status)),
        new("Created", nameof(SubscriptionSortField.CreatedAt)),
        new("Confirmed", nameof(SubscriptionSortField.ConfirmedAt)),
        new("Unsubscribed", nameof(SubscriptionSortField.UnsubscribedAt)),
    ];

    private ConsoleGrid<SubscriptionListItem>? _grid;
    private SubscriptionCounts? _counts;
    private int? _total;
    private string? _search;
    private SubscriptionStatus? _status;

    [Inject]
    public required SubprocessorUseCases Subprocessors { get; init; }

    [Inject]
    public required UserContext UserContext { get; init; }

    [Inject]
    public required NavigationManager Navigation { get; init; }

    [SupplyParameterFromQuery(Name = "q")]
    public string? SearchQuery { get; set; }

    [SupplyParameterFromQuery(Name = "status")]
    public string? StatusQuery { get; set; }

    private string ResultText => _total is not { } total ? "Loading…" : $"{total.ToString("N0", CultureInfo.InvariantCulture)} subscriber{(total == 1 ? string.Empty : "s")}";

    /// <summary>The search the export applies, as the grid applies it.</summary>
    private string? ExportSearch => string.IsNullOrWhiteSpace(_search) ? null : _search.Trim();

    protected override async Task OnInitializedAsync()
    {
        _search = SearchQuery;
        _status = UrlState.Enum<SubscriptionStatus>(StatusQuery);
        var counts = await Subprocessors.SubscriberCountsAsync(await UserContext.GetAsync());
        _counts = counts.Succeeded ? counts.Value : null;
    }

    private async Task<GridPage<SubscriptionListItem>> LoadAsync(GridRequest request, CancellationToken cancellationToken)
    {
        var sortBy = Enum.TryParse<SubscriptionSortField>(request.SortKey, out var field) ? field : SubscriptionSortField.CreatedAt;
        var outcome = await Subprocessors.SubscribersAsync(
            await UserContext.GetAsync(),
            new SubscriptionListRequest(new SubscriptionFilter(_search, _status), sortBy, request.Descending, request.Skip, request.Take),
            cancellationToken);
        var page = outcome.Succeeded ? outcome.Value : new SubscriptionListPage([], 0);
        _total = page.Total;
        StateHasChanged();
        return new GridPage<SubscriptionListItem>(page.Items, page.Total);
    }

    private Task SearchAsync(string? value)
    {
        _search = value;
        return FiltersChangedAsync();
    }

    private Task StatusAsync(SubscriptionStatus? value)
    {
        _status = value;
        return FiltersChangedAsync();
    }

    private Task ClearFiltersAsync()
    {
        _search = null;
        _status = null;
        return FiltersChangedAsync();
    }

    private Task FiltersChangedAsync()
    {
        UrlState.Keep(Navigation, new Dictionary<string, object?>
        {
            ["q"] = string.IsNullOrWhiteSpace(_search) ? null : _search.Trim(),
            ["status"] = _status?.ToString(),
        });
        return _grid?.ReloadAsync() ?? Task.CompletedTask;
    }

    private static string Date(DateTimeOffset? value) => value is { } v ? Formats.Date(v) : "–";
}
