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
using Radzen.Blazor;

namespace AdminConsole.Web.Components.Pages.Workspaces;

public partial class WorkspaceMembers
{
    private readonly MemberFormModel _model = new();
    private EditContext _editContext = null!;
    private ValidationMessageStore _domainErrors = null!;
    private RadzenDataGrid<MemberRow>? _grid;
    private IEnumerable<MemberRow>? _rows;
    private int _total;
    private string? _formError;

    [Parameter, EditorRequired]
    public Guid WorkspaceId { get; set; }

    [Parameter, EditorRequired]
    public required IReadOnlyList<TeamRow> Teams { get; set; }

    [Parameter]
    public bool CanManage { get; set; }

    [Parameter]
    public EventCallback Changed { get; set; }

    [Inject]
    public required UserContext UserContext { get; init; }

    [Inject]
    public required IDbContextFactory<ConsoleDbContext> DbFactory { get; init; }

    [Inject]
    public required WorkspaceCommands Commands { get; init; }

    [Inject]
    public required DialogService Dialogs { get; init; }

    [Inject]
    public required NotificationService Notifications { get; init; }

    protected override void OnInitialized()
    {
        _editContext = new EditContext(_model);
        _domainErrors = new ValidationMessageStore(_editContext);
        _editContext.OnFieldChanged += (_, e) => _domainErrors.Clear(e.FieldIdentifier);
    }

    private async Task LoadAsync(LoadDataArgs args)
    {
        await using var db = await DbFactory.CreateDbContextAsync();
        var members = db.Members.AsNoTracking().Where(m => m.WorkspaceId == WorkspaceId);
        _total = await members.CountAsync();
        var page = await members
            .OrderBy(m => m.DisplayName).ThenBy(m => m.Id)
            .Skip(args.Skip ?? 0).Take(args.Top ?? 10)
            .Select(m => new { m.Id, m.DisplayName, m.Email, m.JoinedAt, m.Role, Teams = m.Teams.Select(t => t.Name).ToList() })
            .ToListAsync();
        _rows = page.Select(m => new MemberRow(m.Id, m.DisplayName, m.Email, string.Join(", ", m.Teams.Order(StringComparer.Ordinal)), m.JoinedAt, m.Role)).ToList();
    }

    private async Task AddAsync()
    {
        _domainErrors.Clear();
        _formError = null;
        try
        {
            await Commands.AddMemberAsync(await ManagerAsync(), WorkspaceId, Guid.Parse(_model.UserObjectId!), _model.DisplayName, _model.Email, _model.TeamId);
            Notifications.Notify(NotificationSeverity.Success, "Member added", _model.DisplayName!.Trim());
            _model.DisplayName = _model.Email = _model.UserObjectId = null;
            _model.TeamId = null;
            await RefreshAsync();
        }
        catch (DomainRuleException ex)
        {
            _formError = FormErrors.Show(_editContext, _domainErrors, ex);
        }
    }

    private async Task RemoveAsync(MemberRow member)
    {
        var confirmed = await Dialogs.Confirm(
            $"Remove {member.DisplayName} ({member.Email}) from this workspace?",
            "Remove member", new ConfirmOptions { OkButtonText = "Remove member", CancelButtonText = "Cancel" });
        if (confirmed != true)
            return;
        try
        {
            await Commands.RemoveMemberAsync(await ManagerAsync(), WorkspaceId, member.Id);
            Notifications.Notify(NotificationSeverity.Success, "Member removed", member.DisplayName);
            await RefreshAsync();
        }
        catch (DomainRuleException ex)
        {
            Notifications.Notify(NotificationSeverity.Error, "Member not removed", ex.Message);
        }
    }

    /// <summary>The member's role decides which integrations the AI may query for them (Run SQL on a warehouse, say).</summary>
    private async Task ChangeRoleAsync(MemberRow member, string? value)
    {
        if (!Enum.TryParse<MemberRole>(value, out var role) || role == member.Role)
            return;
        try
        {
            await Commands.ChangeMemberRoleAsync(await ManagerAsync(), WorkspaceId, member.Id, role);
            Notifications.Notify(NotificationSeverity.Success, "Role changed", $"{member.DisplayName} is now {role}");
        }
        catch (DomainRuleException ex)
        {
            Notifications.Notify(NotificationSeverity.Error, "Role not changed", ex.Message);
        }

        await RefreshAsync();
    }

    private async Task<AdminConsole.Domain.Model.Audit.AuditActor> ManagerAsync() =>
        await DbFactory.RequireMemberManagerAsync(await UserContext.GetAsync(), WorkspaceId);

    private async Task RefreshAsync()
    {
        if (_grid is not null)
            await _grid.Reload();
        await Changed.InvokeAsync();
    }

    public sealed record MemberRow(Guid Id, string DisplayName, string Email, string Teams, DateTimeOffset JoinedAt, MemberRole Role);
}
