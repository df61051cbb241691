using AdminConsole.Domain.Access;
using AdminConsole.Domain.Model.Jobs;
using AdminConsole.Domain.Persistence;
using AdminConsole.Domain.Queries;
using Microsoft.EntityFrameworkCore;

namespace AdminConsole.Domain.UseCases;

/// <summary>A scheduled job with its latest run (none if it never ran).</summary>
public sealed record JobItem(ScheduledJob Job, JobRunRow? LastRun);

/// <summary>Every job, in the order of its group, and what the reader may do with them.</summary>
public sealed record JobsView(IReadOnlyList<JobItem> Jobs, bool CanRun, bool CanOperate);

/// <summary>One job's latest run and the evidence it wrote (the purge jobs write some).</summary>
public sealed record JobDetail(ScheduledJob Job, JobRunRow? LastRun, IReadOnlyList<JobRunEvidenceRow> Evidence);

/// <summary>
/// The scheduled jobs that enforce the console's rules and the record each run leaves: admins, compliance officers and
/// auditors read them; admins and compliance officers start a run outside the schedule.
/// </summary>
public sealed class JobUseCases(IDbContextFactory<ConsoleDbContext> dbFactory, IJobScheduler scheduler)
{
    private const string MayNotRead = "Your role may not read the jobs.";
    private const string MayNotRun = "Only compliance officers and administrators start jobs.";

    public async Task<Outcome<JobsView>> ListAsync(CurrentUser user, CancellationToken cancellationToken = default)
    {
        if (UseCase.Require(user, Policies.ViewJobs, MayNotRead) is { } refused)
            return refused.As<JobsView>();

        // The job storage is read synchronously (the job host's API is): off the caller's thread.
        var jobs = await Task.Run(scheduler.Schedule, cancellationToken).ConfigureAwait(false);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        var lastRuns = await JobRunQuery.LastRunsAsync(db, [.. jobs.Select(j => j.Name)], cancellationToken).ConfigureAwait(false);
        return Outcome.Done(new JobsView(
            [.. jobs.OrderBy(j => j.Group, StringComparer.Ordinal).ThenBy(j => j.Name, StringComparer.Ordinal).Select(j => new JobItem(j, lastRuns.GetValueOrDefault(j.Name)))],
            user.Satisfies(Policies.RunJobs),
            user.Satisfies(Policies.OperateJobs)));
    }

    /// <summary>One job's latest run with its evidence; not found for a name no job has.</summary>
    public async Task<Outcome<JobDetail>> DetailAsync(CurrentUser user, string? jobName, CancellationToken cancellationToken = default)
    {
        if (UseCase.Require(user, Policies.ViewJobs, MayNotRead) is { } refused)
            return refused.As<JobDetail>();
        var job = (await Task.Run(scheduler.Schedule, cancellationToken).ConfigureAwait(false)).FirstOrDefault(j => j.Name == jobName);
        if (job is null)
            return NoSuchJob(jobName).As<JobDetail>();
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        var last = (await JobRunQuery.LastRunsAsync(db, [job.Name], cancellationToken).ConfigureAwait(false)).GetValueOrDefault(job.Name);
        var evidence = last is null ? [] : await JobRunQuery.EvidenceAsync(db, last.Id, cancellationToken).ConfigureAwait(false);
        return Outcome.Done(new JobDetail(job, last, evidence));
    }

    /// <summary>A page of a job's runs, newest first (the job itself is not looked up: a name no job has has no runs).</summary>
    public async Task<Outcome<JobRunPage>> RunsAsync(CurrentUser user, string jobName, int skip, int take, CancellationToken cancellationToken = default)
    {
        if (UseCase.Require(user, Policies.ViewJobs, MayNotRead) is { } refused)
            return refused.As<JobRunPage>();
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        return Outcome.Done(await JobRunQuery.RunsAsync(db, jobName, skip, take, cancellationToken).ConfigureAwait(false));
    }

    /// <summary>
    /// Queues a run of the job at once. Refused when the job storage cannot be reached: the job then runs on its
    /// schedule, and the work it would have done stays in the console's tables.
    /// </summary>
    public async Task<Outcome> RunNowAsync(CurrentUser user, string? jobName, CancellationToken cancellationToken = default)
    {
        if (UseCase.Require(user, Policies.RunJobs, MayNotRun) is { } refused)
            return refused;
        var job = (await Task.Run(scheduler.Schedule, cancellationToken).ConfigureAwait(false)).FirstOrDefault(j => j.Name == jobName);
        if (job is null)
            return NoSuchJob(jobName);
        return await Task.Run(() => scheduler.RunNow(job.Name), cancellationToken).ConfigureAwait(false)
            ? Outcome.Done("started")
            : Outcome.Refused(null, "The job storage could not be reached; the job runs on its schedule.");
    }

    private static Outcome NoSuchJob(string? name) => Outcome.NotFound($"There is no job called “{name}”.");
}
