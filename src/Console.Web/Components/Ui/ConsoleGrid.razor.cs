using System.Globalization;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.WebUtilities;
using MudBlazor;

namespace AdminConsole.Web.Components.Ui;

public partial class ConsoleGrid<TItem>
{
    private const string PageKey = "page";
    private const string SizeKey = "size";
    private const string SortKey = "sort";

    private readonly CancellationTokenSource _disposed = new();
    private CancellationTokenSource? _loadingRun;
    private GridPage<TItem> _page = new([], 0);
    private int _pageIndex;
    private int _size;
    private string? _sortKey;
    private bool _descending;
    private bool _loading;
    private bool _loaded;

    /// <summary>What the rows are, said to screen readers ("Workspaces").</summary>
    [Parameter, EditorRequired]
    public required string Label { get; set; }

    [Parameter, EditorRequired]
    public required IReadOnlyList<GridColumn> Columns { get; set; }

    /// <summary>The cells of one row (one <c>td</c> per column).</summary>
    [Parameter, EditorRequired]
    public required RenderFragment<TItem> Row { get; set; }

    /// <summary>Loads one page; the grid cancels a load that a newer one supersedes.</summary>
    [Parameter, EditorRequired]
    public required Func<GridRequest, CancellationToken, Task<GridPage<TItem>>> Load { get; set; }

    [Parameter]
    public IReadOnlyList<int> PageSizes { get; set; } = [25, 50, 100];

    [Parameter]
    public string? DefaultSort { get; set; }

    [Parameter]
    public bool DefaultDescending { get; set; }

    /// <summary>What to show when there is no row: say what to do.</summary>
    [Parameter]
    public RenderFragment? EmptyContent { get; set; }

    /// <summary>Whether page, size and sort are kept in the address (off for a second grid on the same page).</summary>
    [Parameter]
    public bool KeepInAddress { get; set; } = true;

    /// <summary>A class for the table, for styles and for tests that tell two grids apart.</summary>
    [Parameter]
    public string? Class { get; set; }

    /// <summary>The total of the last load, for the page's own summary.</summary>
    public int Total => _page.Total;

    public bool Loading => _loading;

    private int LastPage => _page.Total <= 0 ? 0 : (_page.Total - 1) / _size;

    private string Summary => _page.Total == 0
        ? "No rows"
        : string.Create(CultureInfo.InvariantCulture, $"{(_pageIndex * _size) + 1:N0}–{Math.Min((_pageIndex + 1) * _size, _page.Total):N0} of {_page.Total:N0}");

    protected override void OnInitialized()
    {
        _size = PageSizes[0];
        _sortKey = DefaultSort;
        _descending = DefaultDescending;
        if (!KeepInAddress)
            return;

        var query = QueryHelpers.ParseQuery(Navigation.ToAbsoluteUri(Navigation.Uri).Query);
        if (query.TryGetValue(SizeKey, out var size) && int.TryParse(size, CultureInfo.InvariantCulture, out var s) && PageSizes.Contains(s))
            _size = s;
        if (query.TryGetValue(PageKey, out var page) && int.TryParse(page, CultureInfo.InvariantCulture, out var p) && p > 1)
            _pageIndex = p - 1;
        if (query.TryGetValue(SortKey, out var sort) && sort.ToString() is { Length: > 0 } key)
        {
            var descending = key.StartsWith('-');
            key = key.TrimStart('-');
            if (Columns.Any(c => c.SortKey == key))
            {
                _sortKey = key;
                _descending = descending;
            }
        }
    }

    // The first page is loaded before the first render, prerendered or interactive: the page arrives with its rows, and
    // the circuit loads it again as it starts (cheap: one page in SQL) without a render of an empty grid in between.
    protected override Task OnInitializedAsync() => LoadAsync(render: false);

    /// <summary>Loads again, from the first page when the filters changed.</summary>
    public Task ReloadAsync(bool firstPage = true)
    {
        if (firstPage)
            _pageIndex = 0;
        return LoadAsync();
    }

    /// <summary>
    /// Reads the page shown again without the loading indicator: a refresh in the background (a report's progress), not
    /// something the reader asked for. Skipped while a load is going.
    /// </summary>
    public async Task RefreshAsync()
    {
        if (_loading || _disposed.IsCancellationRequested)
            return;
        try
        {
            _page = await Load(new GridRequest(_pageIndex * _size, _size, _sortKey, _descending), _disposed.Token);
            StateHasChanged();
        }
        catch (OperationCanceledException) when (_disposed.IsCancellationRequested)
        {
            // The grid was closed while reading.
        }
    }

    private async Task LoadAsync(bool render = true)
    {
        if (_loadingRun is not null)
            await _loadingRun.CancelAsync();
        _loadingRun?.Dispose();
        var run = _loadingRun = CancellationTokenSource.CreateLinkedTokenSource(_disposed.Token);
        _loading = true;
        if (render)
            StateHasChanged();
        try
        {
            var page = await Load(new GridRequest(_pageIndex * _size, _size, _sortKey, _descending), run.Token);

            // A page past the end (rows gone since the address was shared): show the last page there is.
            if (page.Items.Count == 0 && page.Total > 0 && _pageIndex > 0)
            {
                _pageIndex = (page.Total - 1) / _size;
                page = await Load(new GridRequest(_pageIndex * _size, _size, _sortKey, _descending), run.Token);
            }

            _page = page;
            _loaded = true;
        }
        catch (OperationCanceledException) when (run.IsCancellationRequested)
        {
            return;
        }
        finally
        {
            if (ReferenceEquals(run, _loadingRun))
                _loading = false;
        }

        if (render)
        {
            KeepAddress();
            StateHasChanged();
        }
    }

    private Task GoToAsync(int pageIndex)
    {
        _pageIndex = Math.Clamp(pageIndex, 0, LastPage);
        return LoadAsync();
    }

    private Task SetPageSizeAsync(int size)
    {
        _size = size;
        _pageIndex = 0;
        return LoadAsync();
    }

    private Task SortByAsync(string key)
    {
        _descending = _sortKey == key && !_descending;
        _sortKey = key;
        _pageIndex = 0;
        return LoadAsync();
    }

    private void KeepAddress()
    {
        if (!KeepInAddress)
            return;
        var sort = _sortKey is null || (_sortKey == DefaultSort && _descending == DefaultDescending) ? null : (_descending ? "-" : string.Empty) + _sortKey;
        var uri = Navigation.GetUriWithQueryParameters(new Dictionary<string, object?>
        {
            [PageKey] = _pageIndex == 0 ? null : _pageIndex + 1,
            [SizeKey] = _size == PageSizes[0] ? null : _size,
            [SortKey] = sort,
        });
        if (uri != Navigation.Uri)
            Navigation.NavigateTo(uri, replace: true);
    }

    private string? AriaSort(GridColumn column) =>
        column.SortKey is null || column.SortKey != _sortKey ? null : (_descending ? "descending" : "ascending");

    private string SortIcon(GridColumn column) =>
        column.SortKey != _sortKey ? Icons.Material.Filled.UnfoldMore
        : _descending ? Icons.Material.Filled.ArrowDownward : Icons.Material.Filled.ArrowUpward;

    public void Dispose()
    {
        _disposed.Cancel();
        _disposed.Dispose();
        _loadingRun?.Dispose();
        GC.SuppressFinalize(this);
    }
}
