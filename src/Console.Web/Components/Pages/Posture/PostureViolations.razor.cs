using System.Globalization;
using AdminConsole.Domain.Model.Posture;
using AdminConsole.Domain.Persistence;
using AdminConsole.Domain.Queries;
using AdminConsole.Jobs.Posture;
using AdminConsole.Jobs.Retention;
using Microsoft.AspNetCore.Components;
using Microsoft.EntityFrameworkCore;
using Radzen;

namespace AdminConsole.Web.Components.Pages.Posture;

public partial class PostureViolations
{
    private PostureRule? _rule;
    private IEnumerable<PostureViolationRow>? _rows;
    private int _total;
    private bool _loading;

    [Parameter]
    public string RuleCode { get; set; } = string.Empty;

    [Inject]
    public required IDbContextFactory<ConsoleDbContext> DbFactory { get; init; }

    [Inject]
    public required TimeProvider Clock { get; init; }

    [Inject]
    public required RetentionOptions Retention { get; init; }

    private string SubjectTitle => _rule?.SubjectKind switch
    {
        PostureSubjectKind.Workspace => "Workspace",
        PostureSubjectKind.RetentionJob => "Job",
        _ => "Subprocessor",
    };

    private string EmptyText => _rule is null ? string.Empty : $"No violations — the commitment is kept: {_rule.Commitment}";

    private string ResultText => _loading ? "Loading…" : $"{_total.ToString("N0", CultureInfo.InvariantCulture)} violation{(_total == 1 ? string.Empty : "s")}";

    protected override void OnParametersSet() => _rule = PostureRules.Find(RuleCode);

    private async Task LoadAsync(LoadDataArgs args)
    {
        if (_rule is null)
            return;
        _loading = true;
        await using var db = await DbFactory.CreateDbContextAsync();
        var page = await PostureQuery.ViolationsAsync(db, PostureJobs.Retention(Retention), _rule, Clock.GetUtcNow(), args.Skip ?? 0, args.Top ?? 25);
        _rows = [.. page.Items.Select(PostureViolationRow.From)];
        _total = page.Total;
        _loading = false;
    }
}

public sealed record PostureViolationRow(string SubjectName, string Href, string Detail, DateTimeOffset? Since)
{
    public static PostureViolationRow From(PostureViolation violation)
    {
        ArgumentNullException.ThrowIfNull(violation);
        var href = violation.SubjectKind switch
        {
            // The workspace rules are about its AI settings: the page where they are fixed.
            PostureSubjectKind.Workspace => $"workspaces/{Uri.EscapeDataString(violation.SubjectId)}/ai-settings",
            PostureSubjectKind.Subprocessor => $"subprocessors/{Uri.EscapeDataString(violation.SubjectId)}",
            _ => $"jobs#job-{Uri.EscapeDataString(violation.SubjectId)}",
        };
        return new PostureViolationRow(violation.SubjectName, href, violation.Detail, violation.Since);
    }
}
