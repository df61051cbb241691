using AdminConsole.Domain.Model.Workspaces;
using AdminConsole.Domain.UseCases;
using AdminConsole.Web.Components.Ui;
using AdminConsole.Web.Security;
using Microsoft.AspNetCore.Components;

namespace AdminConsole.Web.Components.Pages.Workspaces;

public partial class WorkspaceCreate
{
    private readonly WorkspaceFormModel _model = new() { Region = DataRegion.US };
    private FormFeedback _form = null!;
    private bool _saving;

    [Inject]
    public required WorkspaceUseCases Workspaces { get; init; }

    [Inject]
    public required ConsoleActions Actions { get; init; }

    [Inject]
    public required NavigationManager Navigation { get; init; }

    [Inject]
    public required UserContext UserContext { get; init; }

    protected override void OnInitialized() => _form = new FormFeedback(_model);

    private async Task SaveAsync()
    {
        _saving = true;
        try
        {
            var user = await UserContext.GetAsync();
            var outcome = await Actions.RunAsync(() => Workspaces.CreateAsync(user, _model.Name, _model.Plan!.Value, _model.Region!.Value), $"Workspace {_model.Name?.Trim()} created", _form);
            if (outcome.Succeeded)
                Navigation.NavigateTo($"workspaces/{outcome.Value}");
        }
        finally
        {
            _saving = false;
        }
    }
}
