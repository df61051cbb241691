using System.Globalization;
using AdminConsole.Domain.Model;
using AdminConsole.Domain.Queries;
using AdminConsole.Domain.UseCases;
using AdminConsole.Web.Components.Ui;
using AdminConsole.Web.Security;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace AdminConsole.Web.Components.Pages.Jobs;

/// <summary>
/// The jobs as master and detail: every job with its schedule and latest outcome, and the selected one's runs and
/// evidence (the job in the address, <c>?job=trash-purge</c>, so a link from the posture page opens it).
/// </summary>
public partial class JobList : IDisposable
{
    // A run started now waits behind a run already going (runs of a job never overlap), so allow for a long one.
    private static readonly TimeSpan RunNowWait = TimeSpan.FromMinutes(10);

    private readonly CancellationTokenSource _disposed = new();
    private readonly HashSet<string> _waitingFor = new(StringComparer.Ordinal);
    private JobsView? _view;
    private string? _selected;
    private int _refreshed;

    [Inject]
    public required JobUseCases Jobs { get; init; }

    [Inject]
    public required ConsoleActions Actions { get; init; }

    [Inject]
    public required UserContext UserContext { get; init; }

    [Inject]
    public required TimeProvider Clock { get; init; }

    [Inject]
    public required NavigationManager Navigation { get; init; }

    [SupplyParameterFromQuery(Name = "job")]
    public string? JobQuery { get; set; }

    public void Dispose()
    {
        _disposed.Cancel();
        _disposed.Dispose();
        GC.SuppressFinalize(this);
    }

    protected override Task OnInitializedAsync() => LoadAsync();

    protected override void OnParametersSet() => Select();

    private string JobHref(string name) => Navigation.GetUriWithQueryParameter("job", name);

    private async Task LoadAsync()
    {
        var outcome = await Jobs.ListAsync(await UserContext.GetAsync(), _disposed.Token);
        _view = outcome.Succeeded ? outcome.Value : null;
        Select();
    }

    /// <summary>The job in the address; without one, the first whose latest run needs a look, else the first.</summary>
    private void Select()
    {
        if (_view is null)
            return;
        _selected = JobQuery is { Length: > 0 } asked
            ? asked
            : (_view.Jobs.FirstOrDefault(j => j.LastRun?.NeedsAttention == true) ?? (_view.Jobs.Count > 0 ? _view.Jobs[0] : null))?.Job.Name;
    }

    private async Task RunNowAsync(string jobName)
    {
        // Disabled before the first await, so the button is greyed in the render that follows the click: a run that
        // finishes in milliseconds must not leave it clickable for a second, unintended run.
        if (!_waitingFor.Add(jobName))
            return;
        var title = JobTitles.Title(jobName);
        try
        {
            var requestedAt = Clock.GetUtcNow();
            var user = await UserContext.GetAsync();
            if (!(await Actions.RunAsync(() => Jobs.RunNowAsync(user, jobName, _disposed.Token), $"{title} started: its run appears when it finishes.")).Succeeded)
                return;

            var finished = await WaitForRunAsync(jobName, requestedAt);
            await LoadAsync();
            if (finished is not null)
            {
                Actions.Say(
                    $"{title} finished — {finished.Outcome.Label()}: {Count(finished.Items, "item")}, {Count(finished.Errors, "error")}.",
                    finished.NeedsAttention ? Severity.Warning : Severity.Success);
                if (jobName == _selected)
                    _refreshed++;
            }
        }
        catch (OperationCanceledException)
        {
            // The page was closed while waiting; the run goes on and leaves its record.
        }
        finally
        {
            _waitingFor.Remove(jobName);
        }
    }

    /// <summary>The first run of the job that started after the request and has finished, or null after the wait.</summary>
    private async Task<JobRunRow?> WaitForRunAsync(string jobName, DateTimeOffset requestedAt)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1));
        var deadline = requestedAt + RunNowWait;
        var user = await UserContext.GetAsync();
        while (await timer.WaitForNextTickAsync(_disposed.Token) && Clock.GetUtcNow() < deadline)
        {
            var runs = await Jobs.RunsAsync(user, jobName, 0, 1, _disposed.Token);

            // Started at or after the request, give or take the clock resolution of the stored value.
            if (runs is { Succeeded: true, Value.Items: [{ FinishedAt: not null } last] } && last.StartedAt >= requestedAt.AddSeconds(-1))
                return last;
        }

        return null;
    }

    private static string Count(int n, string noun) => $"{n.ToString("N0", CultureInfo.InvariantCulture)} {noun}{(n == 1 ? string.Empty : "s")}";
}
