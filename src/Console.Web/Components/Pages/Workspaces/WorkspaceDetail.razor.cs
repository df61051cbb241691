using AdminConsole.Domain.Commands;
using AdminConsole.Domain.Model.Common;
using AdminConsole.Domain.Model.Workspaces;
using AdminConsole.Domain.Persistence;
using AdminConsole.Web.Components.Shared;
using AdminConsole.Web.Security;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Forms;
using Microsoft.EntityFrameworkCore;
using Radzen;

namespace AdminConsole.Web.Components.Pages.Workspaces;

public partial class WorkspaceDetail
{
    private static readonly IReadOnlyList<EnumOption<Plan>> PlanOptions = EnumOptions.For<Plan>();

    private readonly WorkspaceFormModel _model = new();
    private EditContext _editContext = null!;
    private ValidationMessageStore _domainErrors = null!;
    private WorkspaceHeader? _workspace;
    private IReadOnlyList<TeamRow> _teams = [];
    private bool _canManageWorkspace;
    private bool _canManageMembers;
    private bool _saving;
    private string? _settingsError;

    [Parameter]
    public Guid Id { get; set; }

    [Inject]
    public required IDbContextFactory<ConsoleDbContext> DbFactory { get; init; }

    [Inject]
    public required WorkspaceCommands Commands { get; init; }

    [Inject]
    public required DialogService Dialogs { get; init; }

    [Inject]
    public required NotificationService Notifications { get; init; }

    [Inject]
    public required UserContext UserContext { get; init; }

    [Inject]
    public required NavigationManager Navigation { get; init; }

    protected override void OnInitialized()
    {
        _editContext = new EditContext(_model);
        _domainErrors = new ValidationMessageStore(_editContext);
        _editContext.OnFieldChanged += (_, e) => _domainErrors.Clear(e.FieldIdentifier);
    }

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
        var user = await UserContext.GetAsync();
        await using var db = await DbFactory.CreateDbContextAsync();
        _workspace = await db.Visible(user).AsNoTracking()
            .Where(w => w.Id == Id)
            .Select(w => new WorkspaceHeader(w.Name, w.Plan, w.Region, w.Status, w.CreatedAt, w.UpdatedAt))
            .SingleOrDefaultAsync();
        if (_workspace is null)
        {
            // Another workspace's id reads exactly like an unknown one: 404, nothing of it rendered.
            _teams = [];
            Navigation.NotFound();
            return;
        }

        _canManageWorkspace = user.IsAdmin;
        _canManageMembers = await db.CanManageMembersAsync(user, Id);
        _teams = await db.Teams.AsNoTracking()
            .Where(t => t.WorkspaceId == Id)
            .OrderBy(t => t.Name)
            .Select(t => new TeamRow(t.Id, t.Name, db.Members.Count(m => m.WorkspaceId == Id && m.Teams.Any(x => x.Id == t.Id))))
            .ToListAsync();
    }

    private async Task SaveSettingsAsync()
    {
        _domainErrors.Clear();
        _settingsError = null;
        if (_workspace is null)
            return;

        var newPlan = _model.Plan!.Value;
        if (newPlan != _workspace.Plan)
        {
            var confirmed = await Dialogs.Confirm(
                $"Change the plan from {_workspace.Plan} to {newPlan}? The retention and DLP commitments of {newPlan} apply from now on.",
                "Change plan",
                new ConfirmOptions { OkButtonText = "Change plan", CancelButtonText = "Keep " + _workspace.Plan });
            if (confirmed != true)
                return;
        }

        _saving = true;
        try
        {
            var user = await UserContext.GetAsync();
            if (!user.IsAdmin)
                throw new DomainRuleException(string.Empty, "Only console administrators change a workspace's name and plan.");
            await Commands.UpdateAsync(user.Actor, Id, _model.Name, newPlan);
            Notifications.Notify(NotificationSeverity.Success, "Changes saved");
            await ReloadAsync();
        }
        catch (DomainRuleException ex)
        {
            _settingsError = FormErrors.Show(_editContext, _domainErrors, ex);
        }
        finally
        {
            _saving = false;
        }
    }

    private sealed record WorkspaceHeader(string Name, Plan Plan, DataRegion Region, WorkspaceStatus Status, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt);
}

public sealed record TeamRow(Guid Id, string Name, int Members);
