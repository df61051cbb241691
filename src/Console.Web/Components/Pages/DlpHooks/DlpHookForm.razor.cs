using System.ComponentModel.DataAnnotations;
using AdminConsole.Domain.Model.Dlp.Hooks;
using AdminConsole.Domain.UseCases;
using AdminConsole.Web.Components.Ui;
using AdminConsole.Web.Security;
using Microsoft.AspNetCore.Components;

namespace AdminConsole.Web.Components.Pages.DlpHooks;

/// <summary>The form that adds a DLP hook to a workspace; the page is told the new hook's secret, to show it once.</summary>
public partial class DlpHookForm
{
    private readonly HookFormModel _model = new();
    private FormFeedback _feedback = null!;
    private bool _saving;

    [Parameter, EditorRequired]
    public Guid WorkspaceId { get; set; }

    /// <summary>The hook was added: its secret, to be shown once.</summary>
    [Parameter, EditorRequired]
    public EventCallback<DlpHookSecret> OnCreated { get; set; }

    [Inject]
    public required DlpHookUseCases Hooks { get; init; }

    [Inject]
    public required ConsoleActions Actions { get; init; }

    [Inject]
    public required UserContext UserContext { get; init; }

    protected override void OnInitialized() => _feedback = new FormFeedback(_model);

    private static string Describe(string name) => name switch
    {
        DlpHookEvents.AlertCreated => "an alert is raised",
        DlpHookEvents.AlertResolved => "an alert is resolved",
        DlpHookEvents.Test => "a test event sent from this page",
        _ => name,
    };

    private void ToggleEvent(string name, bool chosen)
    {
        _model.Set(name, chosen);
        _feedback.EditContext.NotifyFieldChanged(_feedback.EditContext.Field(nameof(HookFormModel.Events)));
    }

    private async Task CreateAsync()
    {
        _saving = true;
        try
        {
            var user = await UserContext.GetAsync();
            var outcome = await Actions.RunAsync(() => Hooks.CreateAsync(user, WorkspaceId, _model.Name, _model.Url, _model.Events), created => $"DLP hook {created.HookName} added", _feedback);
            if (!outcome.Succeeded)
                return;
            _model.Clear();
            await OnCreated.InvokeAsync(outcome.Value);
        }
        finally
        {
            _saving = false;
        }
    }

    /// <summary>The form's fields; the rules are the model's (<see cref="DlpHook.Create"/>), its messages shown next to each field.</summary>
    private sealed class HookFormModel
    {
        private readonly HashSet<string> _events = [DlpHookEvents.AlertCreated, DlpHookEvents.AlertResolved];

        [Required(ErrorMessage = "Name is required.")]
        public string? Name { get; set; }

        [Required(ErrorMessage = "The URL is required.")]
        public string? Url { get; set; }

        [MinLength(1, ErrorMessage = "Choose at least one event.")]
        public IReadOnlyList<string> Events => DlpHookEvents.All.Where(_events.Contains).ToList();

        public bool Has(string name) => _events.Contains(name);

        public void Set(string name, bool chosen)
        {
            if (chosen)
                _events.Add(name);
            else
                _events.Remove(name);
        }

        public void Clear()
        {
            Name = null;
            Url = null;
            _events.Clear();
            _events.Add(DlpHookEvents.AlertCreated);
            _events.Add(DlpHookEvents.AlertResolved);
        }
    }
}
