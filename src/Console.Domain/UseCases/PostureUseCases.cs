using AdminConsole.Domain.Access;
using AdminConsole.Domain.Model.Posture;
using AdminConsole.Domain.Persistence;
using AdminConsole.Domain.Queries;
using Microsoft.EntityFrameworkCore;

namespace AdminConsole.Domain.UseCases;

/// <summary>One rule's daily counts over a period, oldest first, with a zero-free gap where no snapshot was taken.</summary>
public sealed record PostureTrendSeries(PostureRule Rule, IReadOnlyList<(DateOnly Day, int Count)> Points);

/// <summary>The trend of every rule over the last <see cref="Days"/> days up to <see cref="Today"/>.</summary>
public sealed record PostureTrend(int Days, DateOnly Today, IReadOnlyList<PostureTrendSeries> Series)
{
    public bool IsEmpty => Series.All(s => s.Points.Count == 0);
}

/// <summary>A violation as its page lists it: the subject links to the page where it is fixed, if the reader may open it.</summary>
public sealed record PostureViolationItem(string SubjectName, string? Href, string Detail, DateTimeOffset? Since);

/// <summary>One page of a rule's violations.</summary>
public sealed record PostureViolationsView(PostureRule Rule, IReadOnlyList<PostureViolationItem> Items, int Total);

/// <summary>
/// The compliance posture: the rules with their counts now, their daily trend, and each rule's violations. Admins,
/// compliance officers and auditors read it; the links a violation carries lead only to pages the reader may open.
/// </summary>
public sealed class PostureUseCases(
    IDbContextFactory<ConsoleDbContext> dbFactory, TimeProvider clock, IReadOnlyList<PostureJob> postureJobs, int modelReviewIntervalDays = Model.Posture.ModelState.DefaultReviewIntervalDays)
{
    /// <summary>The periods the trend offers, in days.</summary>
    public static readonly IReadOnlyList<int> TrendPeriods = [30, 90];

    private const string MayNotRead = "Your role may not read the compliance posture.";

    public async Task<Outcome<PostureSummary>> SummaryAsync(CurrentUser user, CancellationToken cancellationToken = default)
    {
        if (UseCase.Require(user, Policies.ViewPosture, MayNotRead) is { } refused)
            return refused.As<PostureSummary>();
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        return Outcome.Done(await PostureQuery.SummaryAsync(db, postureJobs, modelReviewIntervalDays, clock.GetUtcNow(), cancellationToken).ConfigureAwait(false));
    }

    /// <summary>Every rule's daily counts over the last <paramref name="days"/> days (one of <see cref="TrendPeriods"/>).</summary>
    public async Task<Outcome<PostureTrend>> TrendAsync(CurrentUser user, int days, CancellationToken cancellationToken = default)
    {
        if (UseCase.Require(user, Policies.ViewPosture, MayNotRead) is { } refused)
            return refused.As<PostureTrend>();
        if (!TrendPeriods.Contains(days))
            return Outcome.Refused("days", $"The trend covers {string.Join(" or ", TrendPeriods)} days.").As<PostureTrend>();
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        var points = await PostureQuery.TrendAsync(db, today.AddDays(1 - days), cancellationToken).ConfigureAwait(false);
        var byRule = points.ToLookup(p => p.RuleCode);
        return Outcome.Done(new PostureTrend(days, today, [.. PostureRules.All.Select(rule =>
            new PostureTrendSeries(rule, [.. byRule[rule.Code].Select(p => (p.Day, p.Count))]))]));
    }

    /// <summary>One page of the violations of the rule with <paramref name="ruleCode"/>; not found for a code no rule has.</summary>
    public async Task<Outcome<PostureViolationsView>> ViolationsAsync(CurrentUser user, string? ruleCode, int skip, int take, CancellationToken cancellationToken = default)
    {
        if (UseCase.Require(user, Policies.ViewPosture, MayNotRead) is { } refused)
            return refused.As<PostureViolationsView>();
        if (PostureRules.Find(ruleCode ?? string.Empty) is not { } rule)
            return Outcome.NotFound($"The posture has no rule called “{ruleCode}”.").As<PostureViolationsView>();
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        var page = await PostureQuery.ViolationsAsync(db, postureJobs, modelReviewIntervalDays, rule, clock.GetUtcNow(), skip, take, cancellationToken).ConfigureAwait(false);
        return Outcome.Done(new PostureViolationsView(rule, [.. page.Items.Select(v => Item(user, v))], page.Total));
    }

    private static PostureViolationItem Item(CurrentUser user, PostureViolation violation) =>
        new(violation.SubjectName, Href(user, violation), violation.Detail, violation.Since);

    /// <summary>
    /// The page where a violation is fixed, or null when the reader may not open it: a workspace's AI settings for those
    /// who see every workspace, a subprocessor's page, the job's runs, the model's page.
    /// </summary>
    public static string? Href(CurrentUser user, PostureViolation violation)
    {
        ArgumentNullException.ThrowIfNull(user);
        ArgumentNullException.ThrowIfNull(violation);
        return violation.SubjectKind switch
        {
            // The workspace rules are about its AI settings: the page where they are fixed.
            PostureSubjectKind.Workspace when user.SeesAllWorkspaces => $"workspaces/{Uri.EscapeDataString(violation.SubjectId)}/ai-settings",
            PostureSubjectKind.Subprocessor when user.Satisfies(Policies.ViewSubprocessors) => $"subprocessors/{Uri.EscapeDataString(violation.SubjectId)}",
            PostureSubjectKind.RetentionJob when user.Satisfies(Policies.ViewJobs) => $"jobs?job={Uri.EscapeDataString(violation.SubjectId)}",
            PostureSubjectKind.Model when user.Satisfies(Policies.ViewModels) => $"models/{Uri.EscapeDataString(violation.SubjectId)}",
            _ => null,
        };
    }
}
