using System.Globalization;
using AdminConsole.Domain.Persistence;
using AdminConsole.Domain.Queries;
using AdminConsole.Web.Security;
using Microsoft.AspNetCore.Components;
using Microsoft.EntityFrameworkCore;
using AdminConsole.Jobs.Hosting;
using Radzen;

namespace AdminConsole.Web.Components.Pages.Jobs;

public partial class JobList : IDisposable
{
    // A run started now waits behind a run already going (runs of a job never overlap), so allow for a long one.
    private static readonly TimeSpan RunNowWait = TimeSpan.FromMinutes(10);

    private readonly CancellationTokenSource _disposed = new();
    private readonly HashSet<string> _waitingFor = new(StringComparer.Ordinal);
    private IReadOnlyList<JobSummary>? _jobs;
    private bool _canRun;
    private bool _canOperate;

    [Inject]
    public required ConsoleJobs Jobs { get; init; }

    [Inject]
    public required IDbContextFactory<ConsoleDbContext> DbFactory { get; init; }

    [Inject]
    public required UserContext UserContext { get; init; }

    [Inject]
    public required TimeProvider Clock { get; init; }

    [Inject]
    public required NotificationService Notifications { get; init; }

    public void Dispose()
    {
        _disposed.Cancel();
        _disposed.Dispose();
        GC.SuppressFinalize(this);
    }

    protected override async Task OnInitializedAsync()
    {
        var user = await UserContext.GetAsync();
        _canRun = user.Satisfies(Policies.RunJobs);
        _canOperate = user.Satisfies(Policies.OperateJobs);
        await LoadAsync();
    }

    private async Task LoadAsync()
    {
        // The job storage is read synchronously (the job host's API is); off the circuit's thread.
        var jobs = await Task.Run(Jobs.Schedule, _disposed.Token);
        await using var db = await DbFactory.CreateDbContextAsync(_disposed.Token);
        var lastRuns = await JobRunQuery.LastRunsAsync(db, [.. jobs.Select(j => j.Name)], _disposed.Token);
        _jobs = [.. jobs.OrderBy(j => j.Group, StringComparer.Ordinal).ThenBy(j => j.Name, StringComparer.Ordinal)
            .Select(j => new JobSummary(j.Name, Humanize(j.Name), j.Cron is { } cron ? Calendar(cron) : Every(j.Interval), j.NextRunAt, lastRuns.GetValueOrDefault(j.Name)))];
    }

    private async Task RunNowAsync(JobSummary job)
    {
        // Disabled before the first await, so the button is greyed in the render that follows the click: a run that
        // finishes in milliseconds must not leave it clickable for a second, unintended run.
        if (!_waitingFor.Add(job.Name))
            return;
        try
        {
            var user = await UserContext.GetAsync();
            if (!user.Satisfies(Policies.RunJobs))
            {
                Notifications.Notify(NotificationSeverity.Error, "Not started", "Only compliance officers and administrators start jobs.");
                return;
            }

            var requestedAt = Clock.GetUtcNow();
            if (!await Task.Run(() => Jobs.RunNow(job.Name), _disposed.Token))
            {
                Notifications.Notify(NotificationSeverity.Error, "Not started", "The job storage could not be reached; the job runs on its schedule.");
                return;
            }

            Notifications.Notify(NotificationSeverity.Info, $"{job.Title} started", "Its run appears below when it finishes.");
            var finished = await WaitForRunAsync(job.Name, requestedAt);
            await LoadAsync();
            if (finished is not null)
            {
                var severity = finished.NeedsAttention ? NotificationSeverity.Warning : NotificationSeverity.Success;
                Notifications.Notify(severity, $"{job.Title} finished", $"{finished.Outcome}: {Count(finished.Items, "item")}, {Count(finished.Errors, "error")}.");
            }
        }
        catch (OperationCanceledException)
        {
            // The page was closed while waiting; the run goes on and leaves its record.
        }
        finally
        {
            _waitingFor.Remove(job.Name);
        }
    }

    /// <summary>The first run of the job that started after the request and has finished, or null after the wait.</summary>
    private async Task<JobRunRow?> WaitForRunAsync(string jobName, DateTimeOffset requestedAt)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1));
        var deadline = requestedAt + RunNowWait;
        while (await timer.WaitForNextTickAsync(_disposed.Token) && Clock.GetUtcNow() < deadline)
        {
            await using var db = await DbFactory.CreateDbContextAsync(_disposed.Token);
            var last = (await JobRunQuery.LastRunsAsync(db, [jobName], _disposed.Token)).GetValueOrDefault(jobName);

            // Started at or after the request, give or take the clock resolution of the stored value.
            if (last is { FinishedAt: not null } && last.StartedAt >= requestedAt.AddSeconds(-1))
                return last;
        }

        return null;
    }

    private static string Count(int n, string noun) => $"{n.ToString("N0", CultureInfo.InvariantCulture)} {noun}{(n == 1 ? string.Empty : "s")}";

    private static string Humanize(string name) =>
        name.Length == 0 ? name : char.ToUpperInvariant(name[0]) + name[1..].Replace('-', ' ');

    /// <summary>The calendar schedules the console uses, in words; any other expression as it is written.</summary>
    private static string Calendar(string cron) => cron switch
    {
        AdminConsole.Jobs.Reports.MonthlyAuditReport.Schedule => "monthly, on the 1st at 02:00 UTC",
        _ => $"cron {cron} (UTC)",
    };

    private static string Every(TimeSpan? interval) => interval switch
    {
        null => "on demand",
        { TotalHours: >= 1 } i when i.TotalHours % 1 == 0 => $"every {i.TotalHours:0} h",
        { TotalMinutes: >= 1 } i when i.TotalMinutes % 1 == 0 => $"every {i.TotalMinutes:0} min",
        { } i => $"every {i.TotalSeconds:0} s",
    };

    private sealed record JobSummary(string Name, string Title, string Schedule, DateTimeOffset? NextFireAt, JobRunRow? LastRun);
}
