namespace AdminConsole.Domain.Model.AiSettings;

/// <summary>One saved version of a workspace's AI settings: what they were after the change, who made it and when.</summary>
public sealed class AiSettingsVersion
{
    public const int ChangedByMaxLength = 200;
    public const int ActionMaxLength = 64;

    private AiSettingsVersion()
    {
        ChangedBy = Action = Snapshot = string.Empty;
    }

    internal AiSettingsVersion(Guid workspaceId, int version, string action, string snapshot, DateTimeOffset changedAt, string changedBy)
    {
        WorkspaceId = workspaceId;
        Version = version;
        Action = action;
        Snapshot = snapshot;
        ChangedAt = changedAt;
        ChangedBy = changedBy;
    }

    public Guid WorkspaceId { get; private set; }

    public int Version { get; private set; }

    /// <summary>What was done: <c>ai-settings.updated</c>, <c>integration.added</c>, ...</summary>
    public string Action { get; private set; }

    /// <summary>The settings after the change, as JSON (<see cref="AiSettingsSnapshot"/>).</summary>
    public string Snapshot { get; private set; }

    public DateTimeOffset ChangedAt { get; private set; }

    public string ChangedBy { get; private set; }
}

/// <summary>The settings as the audit log and the history keep them.</summary>
public sealed record AiSettingsSnapshot(
    bool AiEnabled,
    Guid? ProviderId,
    string? ProviderName,
    string DataMode,
    IReadOnlyList<string> Features,
    bool TeamBasedAccess,
    bool PromptHistory,
    bool DataSharing,
    bool HipaaMode,
    bool Moderation,
    IReadOnlyList<IntegrationSnapshot> Integrations,
    IReadOnlyList<ModelChoiceSnapshot>? Models = null);

/// <summary>The model chosen for a feature (or <c>Fallback</c>), with its name and version when known.</summary>
public sealed record ModelChoiceSnapshot(string Use, Guid ModelId, string? Model);

public sealed record IntegrationSnapshot(Guid Id, string Name, string Kind, IReadOnlyList<string> AllowedRoles, IReadOnlyList<Guid> AllowedTeamIds);
