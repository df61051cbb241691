using AdminConsole.Domain.Model.AiSettings;
using AdminConsole.Domain.Queries;

namespace AdminConsole.Web.Components.Pages.AiSettings;

/// <summary>
/// The AI settings form. Property names are the fields the model's refusals name (ProviderId, HipaaMode,
/// DataSharing, Features, DataMode), so that a refusal stands next to its field.
/// </summary>
public sealed class AiSettingsFormModel
{
    public bool AiEnabled { get; set; }

    /// <summary>The chosen provider's id as the select holds it; empty for none.</summary>
    public string? ProviderId { get; set; }

    public AiDataMode DataMode { get; set; }

    public bool WorkspaceSearch { get; set; }

    public bool WebSearch { get; set; }

    public bool ConnectedApps { get; set; }

    public bool RunSql { get; set; }

    public bool TeamBasedAccess { get; set; }

    public bool PromptHistory { get; set; }

    public bool DataSharing { get; set; }

    public bool HipaaMode { get; set; }

    /// <summary>The features switched on; a refusal about features stands under their group.</summary>
    public IReadOnlySet<AiFeature> Features => new HashSet<AiFeature>(AiFeatures.All.Where(IsOn));

    public bool IsOn(AiFeature feature) => feature switch
    {
        AiFeature.WorkspaceSearch => WorkspaceSearch,
        AiFeature.WebSearch => WebSearch,
        AiFeature.ConnectedApps => ConnectedApps,
        AiFeature.RunSql => RunSql,
        _ => false,
    };

    public void Load(AiSettingsView view)
    {
        ArgumentNullException.ThrowIfNull(view);
        AiEnabled = view.AiEnabled;
        ProviderId = view.ProviderId?.ToString() ?? string.Empty;
        DataMode = view.DataMode;
        WorkspaceSearch = view.Features.Contains(AiFeature.WorkspaceSearch);
        WebSearch = view.Features.Contains(AiFeature.WebSearch);
        ConnectedApps = view.Features.Contains(AiFeature.ConnectedApps);
        RunSql = view.Features.Contains(AiFeature.RunSql);
        TeamBasedAccess = view.TeamBasedAccess;
        PromptHistory = view.PromptHistory;
        DataSharing = view.DataSharing;
        HipaaMode = view.HipaaMode;
    }

    /// <summary>The change to save; an id the select cannot have offered is refused as no provider of the registry.</summary>
    public AiSettingsChange ToChange() => new(
        AiEnabled,
        string.IsNullOrEmpty(ProviderId) ? null : Guid.TryParse(ProviderId, out var id) ? id : Guid.Empty,
        DataMode,
        Features,
        TeamBasedAccess,
        PromptHistory,
        DataSharing,
        HipaaMode);
}
