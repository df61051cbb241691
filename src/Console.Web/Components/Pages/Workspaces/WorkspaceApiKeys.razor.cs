using System.ComponentModel.DataAnnotations;
using AdminConsole.Domain.Commands;
using AdminConsole.Domain.Model.Api;
using AdminConsole.Domain.Model.Common;
using AdminConsole.Domain.Persistence;
using AdminConsole.Web.Components.Shared;
using AdminConsole.Web.Security;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Forms;
using Microsoft.EntityFrameworkCore;
using Microsoft.JSInterop;
using Radzen;

namespace AdminConsole.Web.Components.Pages.Workspaces;

/// <summary>
/// A workspace's API keys: for console admins and that workspace's admins. A new key's secret lives in this
/// component until the admin dismisses it or leaves: it is shown once and never read back from anywhere.
/// </summary>
public partial class WorkspaceApiKeys
{
    private readonly ApiKeyFormModel _model = new();
    private EditContext _editContext = null!;
    private ValidationMessageStore _domainErrors = null!;
    private string? _workspaceName;
    private IReadOnlyList<ApiKey> _keys = [];
    private string? _newSecret;
    private string? _newSecretName;
    private string? _copyStatus;
    private string? _formError;
    private bool _saving;

    [Parameter]
    public Guid Id { get; set; }

    [Inject]
    public required IDbContextFactory<ConsoleDbContext> DbFactory { get; init; }

    [Inject]
    public required ApiKeyCommands Commands { get; init; }

    [Inject]
    public required DialogService Dialogs { get; init; }

    [Inject]
    public required NotificationService Notifications { get; init; }

    [Inject]
    public required UserContext UserContext { get; init; }

    [Inject]
    public required NavigationManager Navigation { get; init; }

    [Inject]
    public required IJSRuntime JS { get; init; }

    protected override void OnInitialized()
    {
        _editContext = new EditContext(_model);
        _domainErrors = new ValidationMessageStore(_editContext);
        _editContext.OnFieldChanged += (_, e) => _domainErrors.Clear(e.FieldIdentifier);
    }

    protected override Task OnParametersSetAsync() => ReloadAsync();

    private async Task ReloadAsync()
    {
        var user = await UserContext.GetAsync();
        await using var db = await DbFactory.CreateDbContextAsync();
        if (!await db.CanManageApiKeysAsync(user, Id))
        {
            // Another workspace's keys read exactly like an unknown workspace: 404, nothing of it rendered.
            _workspaceName = null;
            _keys = [];
            Navigation.NotFound();
            return;
        }

        _workspaceName = await db.Workspaces.AsNoTracking().Where(w => w.Id == Id).Select(w => w.Name).SingleAsync();
        _keys = await db.ApiKeys.AsNoTracking().Where(k => k.WorkspaceId == Id).OrderBy(k => k.RevokedAt != null).ThenByDescending(k => k.CreatedAt).ToListAsync();
    }

    private async Task CreateAsync()
    {
        _domainErrors.Clear();
        _formError = null;
        _saving = true;
        try
        {
            var actor = await DbFactory.RequireApiKeyManagerAsync(await UserContext.GetAsync(), Id);
            var (_, secret) = await Commands.IssueAsync(actor, Id, _model.Name, _model.Scopes);
            _newSecret = secret;
            _newSecretName = _model.Name!.Trim();
            _copyStatus = null;
            _model.Clear();
            await ReloadAsync();
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

    private void ToggleScope(string scope, bool chosen)
    {
        _model.Set(scope, chosen);
        _editContext.NotifyFieldChanged(_editContext.Field(nameof(ApiKeyFormModel.Scopes)));
    }

    private async Task CopyAsync()
    {
        try
        {
            await JS.InvokeVoidAsync("navigator.clipboard.writeText", _newSecret);
            _copyStatus = "Copied to the clipboard.";
        }
        catch (JSException)
        {
            _copyStatus = "The browser refused the clipboard: select the key and copy it by hand.";
        }
    }

    private void ForgetSecret()
    {
        _newSecret = null;
        _newSecretName = null;
        _copyStatus = null;
    }

    private async Task RevokeAsync(ApiKey key)
    {
        var confirmed = await Dialogs.Confirm(
            $"Revoke the key {key.Name}? Requests with it fail from the next one on; this cannot be undone.",
            "Revoke API key",
            new ConfirmOptions { OkButtonText = "Revoke key", CancelButtonText = "Keep key" });
        if (confirmed != true)
            return;
        try
        {
            var actor = await DbFactory.RequireApiKeyManagerAsync(await UserContext.GetAsync(), Id);
            await Commands.RevokeAsync(actor, Id, key.Id);
            Notifications.Notify(NotificationSeverity.Success, "API key revoked", key.Name);
            await ReloadAsync();
        }
        catch (DomainRuleException ex)
        {
            Notifications.Notify(NotificationSeverity.Error, "API key not revoked", ex.Message);
        }
    }

    private sealed class ApiKeyFormModel
    {
        private readonly HashSet<string> _scopes = [];

        [Required(ErrorMessage = "Key name is required.")]
        [StringLength(ApiKey.NameMaxLength, ErrorMessage = "Key name must be at most 100 characters.")]
        public string? Name { get; set; }

        [MinLength(1, ErrorMessage = "Choose at least one scope.")]
        public IReadOnlyList<string> Scopes => ApiScopes.All.Where(_scopes.Contains).ToList();

        public bool Has(string scope) => _scopes.Contains(scope);

        public void Set(string scope, bool chosen)
        {
            if (chosen)
                _scopes.Add(scope);
            else
                _scopes.Remove(scope);
        }

        public void Clear()
        {
            Name = null;
            _scopes.Clear();
        }
    }
}
