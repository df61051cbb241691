namespace AdminConsole.Domain.Model.Workspaces;

public enum WorkspaceStatus
{
    Active = 0,

    /// <summary>Deleted by the customer and still inside the restore window.</summary>
    DeletedRestorable = 1,

    /// <summary>Gone for good: content, AI output and embeddings purged.</summary>
    Purged = 2,
}
