using System.ComponentModel.DataAnnotations;
using AdminConsole.Domain.Model.Api;
using AdminConsole.Domain.UseCases;
using AdminConsole.Web.Components.Ui;
using AdminConsole.Web.Security;
using Microsoft.AspNetCore.Components;

namespace AdminConsole.Web.Components.Pages.Workspaces;

/// <summary>
/// A workspace's API keys: for console admins and that workspace's admins. A new key's secret lives in this
/// component until the admin dismisses it or leaves: it is shown once and never read back from anywhere.
/// </summary>
public partial class WorkspaceApiKeys
{
    private readonly ApiKeyFormModel _model = new();
    private FormFeedback _form = null!;
    private ApiKeysView? _view;
    private IssuedApiKey? _issued;
    private bool _saving;

    [Parameter]
    public Guid Id { get; set; }

    [Inject]
    public required ApiKeyUseCases ApiKeys { get; init; }

    [Inject]
    public required ConsoleActions Actions { get; init; }

    [Inject]
    public required UserContext UserContext { get; init; }

    [Inject]
    public required NavigationManager Navigation { get; init; }

    private IReadOnlyList<string> _offeredScopes = [];

    protected override void OnInitialized() => _form = new FormFeedback(_model);

    protected override Task OnParametersSetAsync() => ReloadAsync();

    private async Task ReloadAsync()
    {
        var outcome = await ApiKeys.ListAsync(await UserContext.GetAsync(), Id);
        if (!outcome.Succeeded)
        {
            // Another workspace's keys read exactly like an unknown workspace: 404, nothing of it rendered.
            _view = null;
            Navigation.NotFound();
            return;
        }

        _view = outcome.Value;

        // A key that posts model evaluations writes to the console's register: offered to console administrators only.
        _offeredScopes = (await UserContext.GetAsync()).IsAdmin ? ApiScopes.All : [.. ApiScopes.All.Where(s => s != ApiScopes.ModelsEvaluate)];
    }

    private async Task CreateAsync()
    {
        _saving = true;
        try
        {
            var user = await UserContext.GetAsync();
            var outcome = await Actions.RunAsync(() => ApiKeys.IssueAsync(user, Id, _model.Name, _model.Scopes), "API key created", _form);
            if (!outcome.Succeeded)
                return;
            _issued = outcome.Value;
            _model.Clear();
            await ReloadAsync();
        }
        finally
        {
            _saving = false;
        }
    }

    private void ToggleScope(string scope, bool chosen)
    {
        _model.Set(scope, chosen);
        _form.EditContext.NotifyFieldChanged(_form.EditContext.Field(nameof(ApiKeyFormModel.Scopes)));
    }

    private void ForgetSecret() => _issued = null;

    private async Task RevokeAsync(ApiKey key)
    {
        if (!await Actions.ConfirmAsync("Revoke API key", $"Revoke the key {key.Name}? Requests with it fail from the next one on; this cannot be undone.", "Revoke key", "Keep key"))
            return;
        var user = await UserContext.GetAsync();
        if ((await Actions.RunAsync(() => ApiKeys.RevokeAsync(user, Id, key.Id), $"API key {key.Name} revoked")).Succeeded)
            await ReloadAsync();
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
