using System.ComponentModel.DataAnnotations;
using AdminConsole.Domain.Model.Dlp;
using AdminConsole.Domain.UseCases;
using AdminConsole.Web.Components.Ui;
using AdminConsole.Web.Security;
using Microsoft.AspNetCore.Components;

namespace AdminConsole.Web.Components.Pages.Dlp;

/// <summary>A workspace's DLP detectors: built-in ones turned on or off, custom patterns added (tried on a sample) or removed.</summary>
public partial class WorkspaceDlpDetectors
{
    private readonly CustomDetectorModel _model = new();
    private FormFeedback _feedback = null!;
    private WorkspaceDlpSettings? _settings;
    private DlpWorkspaceView? _workspace;
    private bool _busy;

    [Parameter]
    public Guid Id { get; set; }

    [Inject]
    public required DlpUseCases Dlp { get; init; }

    [Inject]
    public required ConsoleActions Actions { get; init; }

    [Inject]
    public required UserContext UserContext { get; init; }

    [Inject]
    public required NavigationManager Navigation { get; init; }

    private bool ReadOnly => _workspace?.ReadOnly != false;

    protected override void OnInitialized() => _feedback = new FormFeedback(_model);

    protected override Task OnParametersSetAsync() => ReloadAsync();

    private async Task ReloadAsync()
    {
        var user = await UserContext.GetAsync();
        var workspace = await Dlp.WorkspaceAsync(user, Id);
        var settings = workspace.Succeeded ? await Dlp.DetectorsAsync(user, Id) : null;
        if (settings is not { Succeeded: true })
        {
            (_workspace, _settings) = (null, null);
            Navigation.NotFound();
            return;
        }

        (_workspace, _settings) = (workspace.Value, settings.Value);
    }

    private async Task TurnAsync(DlpDetector detector, bool on)
    {
        _busy = true;
        try
        {
            var user = await UserContext.GetAsync();
            await Actions.RunAsync(() => Dlp.TurnDetectorAsync(user, Id, detector.Id, on), $"{detector.Name} turned {(on ? "on" : "off")}");
        }
        finally
        {
            _busy = false;
            await ReloadAsync();
        }
    }

    private async Task AddAsync()
    {
        _busy = true;
        try
        {
            var user = await UserContext.GetAsync();
            var name = _model.Name?.Trim();
            var outcome = await Actions.RunAsync(() => Dlp.AddCustomDetectorAsync(user, Id, _model.Name, _model.Pattern, _model.Severity, _model.Sample), $"Custom detector {name} added", _feedback);
            if (!outcome.Succeeded)
                return;
            _model.Clear();
            await ReloadAsync();
        }
        finally
        {
            _busy = false;
        }
    }

    private async Task RemoveAsync(DlpCustomDetector custom)
    {
        if (!await Actions.ConfirmAsync(
                "Remove custom detector",
                $"Remove the custom detector {custom.Name}? Content reported from now on is no longer scanned for it; its alerts stay.",
                "Remove detector", "Keep detector"))
            return;
        var user = await UserContext.GetAsync();
        await Actions.RunAsync(() => Dlp.RemoveCustomDetectorAsync(user, Id, custom.Id), $"Custom detector {custom.Name} removed");
        await ReloadAsync();
    }

    /// <summary>The add form; the rules are the model's (<see cref="DlpCustomPattern.Create"/>), its messages shown next to each field.</summary>
    private sealed class CustomDetectorModel
    {
        [Required(ErrorMessage = "Name is required.")]
        public string? Name { get; set; }

        [Required(ErrorMessage = "Pattern is required.")]
        public string? Pattern { get; set; }

        public DlpSeverity Severity { get; set; } = DlpSeverity.Medium;

        [Required(ErrorMessage = "A sample text that the pattern matches is required.")]
        public string? Sample { get; set; }

        public void Clear()
        {
            Name = null;
            Pattern = null;
            Sample = null;
            Severity = DlpSeverity.Medium;
        }
    }
}
