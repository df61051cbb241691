using AdminConsole.Web.Components.Ui;
using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor.Services;

namespace AdminConsole.Web.Tests.Components;

/// <summary>The console's grid, rendered in memory: paging, sorting, the empty state, and its state in the address.</summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Reliability", "CA1001", Justification = "Disposed through IAsyncLifetime.DisposeAsync, which xunit calls.")]
public sealed class ConsoleGridTests : IAsyncLifetime
{
    // Composed, not inherited: MudBlazor's services are disposed asynchronously only, and xunit 2 would call Dispose.
    private readonly BunitContext _bunit = new();

    private static readonly IReadOnlyList<GridColumn> Columns = [new("Number", "Number", Numeric: true), new("Square")];

    private readonly List<GridRequest> _requests = [];

    public ConsoleGridTests()
    {
        _bunit.JSInterop.Mode = JSRuntimeMode.Loose;
        _bunit.Services.AddMudServices();
    }

    [Fact]
    public void ItShowsThePageTheServerGives_AndSaysWhichRowsOfHowMany()
    {
        var grid = RenderGrid(60);

        Assert.Equal(25, grid.FindAll("tbody tr").Count);
        Assert.Equal("1", grid.FindAll("tbody tr")[0].QuerySelector("td")!.TextContent);
        Assert.Contains("1–25 of 60", grid.Find(".page-summary").TextContent, StringComparison.Ordinal);
        Assert.Equal(new GridRequest(0, 25, "Number", false), _requests[^1]);
    }

    [Fact]
    public void NextAndLastPage_AskForTheRightRows_AndKeepThePageInTheAddress()
    {
        var grid = RenderGrid(60);

        grid.Find("button[aria-label='Next page']").Click();
        grid.WaitForAssertion(() => Assert.Equal(new GridRequest(25, 25, "Number", false), _requests[^1]));
        Assert.Contains("page=2", _bunit.Services.GetRequiredService<NavigationManager>().Uri, StringComparison.Ordinal);

        grid.Find("button[aria-label='Last page']").Click();
        grid.WaitForAssertion(() => Assert.Equal(new GridRequest(50, 25, "Number", false), _requests[^1]));
        Assert.Equal(10, grid.FindAll("tbody tr").Count);
        Assert.True(grid.Find("button[aria-label='Next page']").HasAttribute("disabled"));
    }

    [Fact]
    public void ASortButton_SortsDescendingOnTheSecondClick_AndSaysSoToScreenReaders()
    {
        var grid = RenderGrid(60);

        grid.Find("th button.sort-button").Click();
        grid.WaitForAssertion(() => Assert.Equal(new GridRequest(0, 25, "Number", true), _requests[^1]));
        Assert.Equal("descending", grid.Find("th[aria-sort]").GetAttribute("aria-sort"));
        Assert.Contains("sort=-Number", _bunit.Services.GetRequiredService<NavigationManager>().Uri, StringComparison.Ordinal);
        Assert.Equal("60", grid.FindAll("tbody tr")[0].QuerySelector("td")!.TextContent);
    }

    [Fact]
    public void NoRows_ShowTheEmptyContent()
    {
        var grid = RenderGrid(0, empty: "Nothing yet: add the first one.");

        Assert.Contains("Nothing yet: add the first one.", grid.Find("tbody").TextContent, StringComparison.Ordinal);
        Assert.Contains("No rows", grid.Find(".page-summary").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void AnAddressPastTheLastPage_ShowsTheLastPageThereIs()
    {
        _bunit.Services.GetRequiredService<NavigationManager>().NavigateTo("/numbers?page=9");

        var grid = RenderGrid(30);

        Assert.Equal(5, grid.FindAll("tbody tr").Count);
        Assert.Equal(new GridRequest(25, 25, "Number", false), _requests[^1]);
    }

    private IRenderedComponent<ConsoleGrid<int>> RenderGrid(int total, string? empty = null) =>
        _bunit.Render<ConsoleGrid<int>>(p =>
        {
            p.Add(g => g.Label, "Numbers");
            p.Add(g => g.Columns, Columns);
            p.Add(g => g.DefaultSort, "Number");
            p.Add(g => g.Row, n => $"<td>{n}</td><td>{n * n}</td>");
            p.Add(g => g.Load, (request, _) =>
            {
                _requests.Add(request);
                var all = Enumerable.Range(1, total);
                var sorted = request.Descending ? all.Reverse() : all;
                return Task.FromResult(new GridPage<int>([.. sorted.Skip(request.Skip).Take(request.Take)], total));
            });
            if (empty is not null)
                p.Add(g => g.EmptyContent, empty);
        });

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _bunit.DisposeAsync();
}
