using AdminConsole.Domain.Model;
using AdminConsole.Domain.Model.Workspaces;
using AdminConsole.Domain.UseCases;
using AdminConsole.Web.Components.Ui;
using AdminConsole.Web.Security;
using Microsoft.AspNetCore.Components;

namespace AdminConsole.Web.Components.Pages.Workspaces;

public partial class WorkspaceDetail
{
    private readonly WorkspaceFormModel _model = new();
    private FormFeedback _form = null!;
    private WorkspaceView? _workspace;
    private bool _saving;

    [Parameter]
    public Guid Id { get; set; }

    [Inject]
    public required WorkspaceUseCases Workspaces { get; init; }

    [Inject]
    public required ConsoleActions Actions { get; init; }

    [Inject]
    public required UserContext UserContext { get; init; }

    [Inject]
    public required NavigationManager Navigation { get; init; }

    protected override void OnInitialized() => _form = new FormFeedback(_model);

    protected override async Task OnParametersSetAsync()
    {
        await ReloadAsync();
        if (_workspace is not null)
        {
            _model.Name = _workspace.Name;
            _model.Plan = _workspace.Plan;
            _model.Region = _workspace.Region;
        }
    }

    private async Task ReloadAsync()
    {
        var outcome = await Workspaces.GetAsync(await UserContext.GetAsync(), Id);
        if (!outcome.Succeeded)
        {
            // Another workspace's id reads exactly like an unknown one: 404, nothing of it rendered.
            _workspace = null;
            Navigation.NotFound();
            return;
        }

        _workspace = outcome.Value;
    }

    private async Task SaveSettingsAsync()
    {
        if (_workspace is null)
            return;
        var newPlan = _model.Plan!.Value;
        if (newPlan != _workspace.Plan && !await Actions.ConfirmAsync(
                "Change plan",
                $"Change the plan from {_workspace.Plan.Label()} to {newPlan.Label()}? The retention and DLP commitments of {newPlan.Label()} apply from now on.",
                "Change plan",
                "Keep " + _workspace.Plan.Label()))
        {
            return;
        }

        _saving = true;
        try
        {
            var user = await UserContext.GetAsync();
            var outcome = await Actions.RunAsync(() => Workspaces.UpdateAsync(user, Id, _model.Name, newPlan), "Changes saved", _form);
            if (outcome.Succeeded)
                await ReloadAsync();
        }
        finally
        {
            _saving = false;
        }
    }
}
