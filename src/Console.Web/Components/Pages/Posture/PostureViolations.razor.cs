using System.Globalization;
using AdminConsole.Domain.Model.Posture;
using AdminConsole.Domain.UseCases;
using AdminConsole.Web.Components.Ui;
using AdminConsole.Web.Security;
using Microsoft.AspNetCore.Components;

namespace AdminConsole.Web.Components.Pages.Posture;

/// <summary>One rule's violations now, a page at a time; a code no rule has is told as such, with a link to every rule.</summary>
public partial class PostureViolations
{
    private PostureRule? _rule;
    private int? _total;

    [Parameter]
    public string RuleCode { get; set; } = string.Empty;

    [Inject]
    public required PostureUseCases Posture { get; init; }

    [Inject]
    public required UserContext UserContext { get; init; }

    private IReadOnlyList<GridColumn> Columns =>
    [
        new(_rule?.SubjectKind switch { PostureSubjectKind.Workspace => "Workspace", PostureSubjectKind.RetentionJob => "Job", PostureSubjectKind.Model => "Model", _ => "Subprocessor" }),
        new("What breaks the rule"),
        new("Since"),
    ];

    private string ResultText => _total is not { } total
        ? "Loading…"
        : $"{total.ToString("N0", CultureInfo.InvariantCulture)} violation{(total == 1 ? string.Empty : "s")}";

    protected override void OnParametersSet() => _rule = PostureRules.Find(RuleCode);

    private async Task<GridPage<PostureViolationItem>> LoadAsync(GridRequest request, CancellationToken cancellationToken)
    {
        var outcome = await Posture.ViolationsAsync(await UserContext.GetAsync(), RuleCode, request.Skip, request.Take, cancellationToken);
        var page = outcome.Succeeded ? outcome.Value : null;
        _total = page?.Total ?? 0;
        StateHasChanged();
        return new GridPage<PostureViolationItem>(page?.Items ?? [], page?.Total ?? 0);
    }
}
