using AdminConsole.Domain.Commands;
using AdminConsole.Domain.Model.Common;
using AdminConsole.Domain.Model.Workspaces;
using AdminConsole.Web.Components.Shared;
using AdminConsole.Web.Security;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Forms;

namespace AdminConsole.Web.Components.Pages.Workspaces;

public partial class WorkspaceCreate
{
    private static readonly IReadOnlyList<EnumOption<Plan>> PlanOptions = EnumOptions.For<Plan>();
    private static readonly IReadOnlyList<EnumOption<DataRegion>> RegionOptions = EnumOptions.For<DataRegion>();

    private readonly WorkspaceFormModel _model = new() { Region = DataRegion.US };
    private EditContext _editContext = null!;
    private ValidationMessageStore _domainErrors = null!;
    private string? _formError;
    private bool _saving;

    [Inject]
    public required WorkspaceCommands Commands { get; init; }

    [Inject]
    public required NavigationManager Navigation { get; init; }

    [Inject]
    public required UserContext UserContext { get; init; }

    [Inject]
    public required Radzen.NotificationService Notifications { get; init; }

    protected override void OnInitialized()
    {
        _editContext = new EditContext(_model);
        _domainErrors = new ValidationMessageStore(_editContext);
        _editContext.OnFieldChanged += (_, e) => _domainErrors.Clear(e.FieldIdentifier);
    }

    private async Task SaveAsync()
    {
        _domainErrors.Clear();
        _formError = null;
        _saving = true;
        try
        {
            var user = await UserContext.GetAsync();
            var id = await Commands.CreateAsync(user.Actor, _model.Name, _model.Plan!.Value, _model.Region!.Value);
            Notifications.Notify(Radzen.NotificationSeverity.Success, "Workspace created", _model.Name!.Trim());
            Navigation.NavigateTo($"workspaces/{id}");
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
