using AdminConsole.Domain.Access;
using AdminConsole.Domain.Model;
using AdminConsole.Domain.Model.Retention;
using AdminConsole.Domain.Model.Workspaces;
using AdminConsole.Web.Components.Ui;
using Microsoft.AspNetCore.Components;

namespace AdminConsole.Web.Components.Pages.Retention;

public partial class RetentionPolicyForm
{
    private static readonly IReadOnlyList<RetentionField> Fields = RetentionField.All;

    private RetentionFormModel _model = null!;
    private FormFeedback _form = null!;
    private ElementReference _heading;
    private bool _saving;

    [Parameter, EditorRequired]
    public required Plan Plan { get; set; }

    /// <summary>The version the form starts from: a save on top of a newer one is refused.</summary>
    [Parameter, EditorRequired]
    public required int Version { get; set; }

    [Parameter, EditorRequired]
    public required RetentionTerms Terms { get; set; }

    /// <summary>Saves the terms; a refusal lands next to the field it names, through the form's feedback.</summary>
    [Parameter, EditorRequired]
    public required Func<RetentionTerms, FormFeedback, Task<Outcome>> OnSave { get; set; }

    [Parameter]
    public EventCallback OnCancel { get; set; }

    private string Commitments => Plan == Plan.Enterprise
        ? $"LLM providers keep nothing ({RetentionTerms.EnterpriseProviderRetentionDays} days, zero data retention); {Shared}"
        : $"LLM providers keep requests at most {RetentionTerms.MaxProviderRetentionDays} days; {Shared}";

    private static string Shared =>
        $"embeddings are deleted within {RetentionTerms.MaxEmbeddingDeletionDays} days; deleted pages and workspaces can be restored for exactly " +
        $"{RetentionTerms.TrashRestoreWindowDays} days; the audit log is kept at least {RetentionTerms.MinAuditLogDays} days.";

    protected override void OnInitialized()
    {
        _model = RetentionFormModel.From(Terms);
        _form = new FormFeedback(_model);
    }

    // The form opens below the table: take the keyboard and screen reader along to it.
    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        if (firstRender)
            await _heading.FocusAsync();
    }

    private async Task SubmitAsync()
    {
        _saving = true;
        try
        {
            await OnSave(_model.ToTerms(), _form);
        }
        finally
        {
            _saving = false;
        }
    }
}
