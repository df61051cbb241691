using System.Globalization;
using AdminConsole.Domain.Model.Subprocessors;
using AdminConsole.Domain.Persistence;
using AdminConsole.Domain.Queries;
using AdminConsole.Web.Components.Shared;
using Microsoft.AspNetCore.Components;
using Microsoft.EntityFrameworkCore;
using Radzen;
using Radzen.Blazor;

namespace AdminConsole.Web.Components.Pages.Subprocessors;

public partial class SubscriberList : IDisposable
{
    private static readonly IEnumerable<int> PageSizes = [25, 50, 100];
    private static readonly IReadOnlyList<EnumOption<SubscriptionStatus>> Statuses = EnumOptions.For<SubscriptionStatus>();

    private readonly CancellationTokenSource _disposed = new();
    private RadzenDataGrid<SubscriptionListItem>? _grid;
    private IEnumerable<SubscriptionListItem>? _items;
    private SubscriptionCounts? _counts;
    private int _total;
    private bool _loading;
    private string? _search;
    private SubscriptionStatus? _status;

    [Inject]
    public required IDbContextFactory<ConsoleDbContext> DbFactory { get; init; }

    private SubscriptionFilter Filter => new(_search, _status);

    private string ResultText => _loading ? "Loading…" : $"{_total.ToString("N0", CultureInfo.InvariantCulture)} subscriber{(_total == 1 ? string.Empty : "s")}";

    /// <summary>The search the export applies, as the grid applies it.</summary>
    private string? ExportSearch => string.IsNullOrWhiteSpace(_search) ? null : _search.Trim();

    public void Dispose()
    {
        _disposed.Cancel();
        _disposed.Dispose();
        GC.SuppressFinalize(this);
    }

    protected override async Task OnInitializedAsync()
    {
        await using var db = await DbFactory.CreateDbContextAsync(_disposed.Token);
        _counts = await SubscriptionListQuery.CountAsync(db, _disposed.Token);
    }

    private async Task LoadAsync(LoadDataArgs args)
    {
        _loading = true;
        var sort = args.Sorts?.FirstOrDefault(s => s.SortOrder is not null);
        var request = sort is not null && Enum.TryParse<SubscriptionSortField>(sort.Property, out var field)
            ? new SubscriptionListRequest(Filter, field, sort.SortOrder == SortOrder.Descending, args.Skip ?? 0, args.Top ?? 25)
            : new SubscriptionListRequest(Filter, Skip: args.Skip ?? 0, Take: args.Top ?? 25);
        await using var db = await DbFactory.CreateDbContextAsync(_disposed.Token);
        var page = await SubscriptionListQuery.RunAsync(db, request, _disposed.Token);
        _items = page.Items;
        _total = page.Total;
        _loading = false;
    }

    private async Task ApplyAsync()
    {
        if (_grid is not null)
            await _grid.FirstPage(forceReload: true);
    }

    private static string Date(DateTimeOffset? value) => value is { } v ? Formats.Date(v) : "–";
}
