using AdminConsole.Domain.Model.Common;
using AdminConsole.Domain.Model.Retention;
using AdminConsole.Domain.Model.Workspaces;
using AdminConsole.Web.Components.Shared;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Forms;

namespace AdminConsole.Web.Components.Pages.Retention;

public partial class RetentionPolicyForm
{
    private static readonly IReadOnlyList<RetentionField> Fields = RetentionField.All;

    private RetentionFormModel _model = null!;
    private EditContext _editContext = null!;
    private ValidationMessageStore _domainErrors = null!;
    private ElementReference _heading;
    private string? _formError;
    private bool _saving;

    [Parameter, EditorRequired]
    public required Plan Plan { get; set; }

    /// <summary>The version the form starts from: a save on top of a newer one is refused.</summary>
    [Parameter, EditorRequired]
    public required int Version { get; set; }

    [Parameter, EditorRequired]
    public required RetentionTerms Terms { get; set; }

    /// <summary>Saves the terms; a <see cref="DomainRuleException"/> lands next to the field it names.</summary>
    [Parameter, EditorRequired]
    public required Func<RetentionTerms, Task> OnSave { get; set; }

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
        _editContext = new EditContext(_model);
        _domainErrors = new ValidationMessageStore(_editContext);
        _editContext.OnFieldChanged += (_, e) => _domainErrors.Clear(e.FieldIdentifier);
    }

    // The form opens below the table: take the keyboard and screen reader along to it.
    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        if (firstRender)
            await _heading.FocusAsync();
    }

    private async Task SubmitAsync()
    {
        _domainErrors.Clear();
        _formError = null;
        _saving = true;
        try
        {
            await OnSave(_model.ToTerms());
        }
        catch (DomainRuleException ex)
        {
            _formError = FormErrors.Show(_editContext, _domainErrors, ex);
        }
        finally
        {
            _saving = false;
        }
    }
}
