using AdminConsole.Domain.Persistence;
using AdminConsole.Domain.Queries;
using Microsoft.AspNetCore.Components;
using Microsoft.EntityFrameworkCore;
using Radzen;

namespace AdminConsole.Web.Components.Pages.Jobs;

/// <summary>One job's run records, paged, and the evidence its last run wrote (the purge jobs write some).</summary>
public partial class JobRunHistory
{
    private IEnumerable<JobRunRow>? _runs;
    private IReadOnlyList<JobRunEvidenceRow> _evidence = [];
    private int _total;
    private bool _loading;

    [Parameter, EditorRequired]
    public required string JobName { get; set; }

    [Parameter, EditorRequired]
    public required string Title { get; set; }

    [Parameter]
    public JobRunRow? LastRun { get; set; }

    [Inject]
    public required IDbContextFactory<ConsoleDbContext> DbFactory { get; init; }

    private string HeadingId => $"job-{JobName}-heading";

    protected override async Task OnInitializedAsync()
    {
        if (LastRun is null)
            return;
        await using var db = await DbFactory.CreateDbContextAsync();
        _evidence = await JobRunQuery.EvidenceAsync(db, LastRun.Id);
    }

    private async Task LoadAsync(LoadDataArgs args)
    {
        _loading = true;
        await using var db = await DbFactory.CreateDbContextAsync();
        var page = await JobRunQuery.RunsAsync(db, JobName, args.Skip ?? 0, args.Top ?? 10);
        _runs = page.Items;
        _total = page.Total;
        _loading = false;
    }

    private static void MarkAttention(RowRenderEventArgs<JobRunRow> args)
    {
        if (args.Data?.NeedsAttention == true)
            args.Attributes.Add("class", "run-attention");
    }
}
