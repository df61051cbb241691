using AdminConsole.Domain.Model;
using AdminConsole.Domain.Model.Workspaces;
using AdminConsole.Domain.UseCases;
using AdminConsole.Web.Components.Ui;
using AdminConsole.Web.Security;
using Microsoft.AspNetCore.Components;

namespace AdminConsole.Web.Components.Pages.Workspaces;

public partial class WorkspaceMembers
{
    private readonly MemberFormModel _model = new();
    private FormFeedback _form = null!;
    private ConsoleGrid<MemberView>? _grid;

    [Parameter, EditorRequired]
    public Guid WorkspaceId { get; set; }

    [Parameter, EditorRequired]
    public required IReadOnlyList<TeamView> Teams { get; set; }

    [Parameter]
    public bool CanManage { get; set; }

    [Parameter]
    public EventCallback Changed { get; set; }

    [Inject]
    public required UserContext UserContext { get; init; }

    [Inject]
    public required WorkspaceUseCases Workspaces { get; init; }

    [Inject]
    public required ConsoleActions Actions { get; init; }

    private IReadOnlyList<GridColumn> Columns =>
    [
        new("Name"), new("Email"), new("Teams"), new("Role"), new("Joined"),
        .. CanManage ? [new GridColumn("Actions", HiddenTitle: true)] : Array.Empty<GridColumn>(),
    ];

    protected override void OnInitialized() => _form = new FormFeedback(_model);

    private async Task<GridPage<MemberView>> LoadAsync(GridRequest request, CancellationToken cancellationToken)
    {
        var outcome = await Workspaces.MembersAsync(await UserContext.GetAsync(), WorkspaceId, request.Skip, request.Take, cancellationToken);
        return outcome.Succeeded ? new GridPage<MemberView>(outcome.Value.Items, outcome.Value.Total) : new GridPage<MemberView>([], 0);
    }

    private async Task AddAsync()
    {
        var user = await UserContext.GetAsync();
        var outcome = await Actions.RunAsync(
            () => Workspaces.AddMemberAsync(user, WorkspaceId, Guid.Parse(_model.UserObjectId!), _model.DisplayName, _model.Email, _model.TeamId), "Member added", _form);
        if (!outcome.Succeeded)
            return;
        _model.DisplayName = _model.Email = _model.UserObjectId = null;
        _model.TeamId = null;
        await RefreshAsync();
    }

    private async Task RemoveAsync(MemberView member)
    {
        if (!await Actions.ConfirmAsync("Remove member", $"Remove {member.DisplayName} ({member.Email}) from this workspace?", "Remove member"))
            return;
        var user = await UserContext.GetAsync();
        if ((await Actions.RunAsync(() => Workspaces.RemoveMemberAsync(user, WorkspaceId, member.Id), $"{member.DisplayName} removed")).Succeeded)
            await RefreshAsync();
    }

    /// <summary>The member's role decides which integrations the AI may query for them (Run SQL on a warehouse, say).</summary>
    private async Task ChangeRoleAsync(MemberView member, MemberRole role)
    {
        if (role == member.Role)
            return;
        var user = await UserContext.GetAsync();
        await Actions.RunAsync(() => Workspaces.ChangeMemberRoleAsync(user, WorkspaceId, member.Id, role), $"{member.DisplayName} is now {role.Label()}");
        await RefreshAsync();
    }

    private async Task RefreshAsync()
    {
        if (_grid is not null)
            await _grid.ReloadAsync(firstPage: false);
        await Changed.InvokeAsync();
    }
}
