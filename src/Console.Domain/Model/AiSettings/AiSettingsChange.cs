namespace AdminConsole.Domain.Model.AiSettings;

/// <summary>The AI settings an admin saves, all at once; the model checks every rule before it changes anything.</summary>
public sealed record AiSettingsChange(
    bool AiEnabled,
    Guid? ProviderId,
    AiDataMode DataMode,
    IReadOnlySet<AiFeature> Features,
    bool TeamBasedAccess,
    bool PromptHistory,
    bool DataSharing,
    bool HipaaMode);
