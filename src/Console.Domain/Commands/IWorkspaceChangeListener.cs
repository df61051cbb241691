namespace AdminConsole.Domain.Commands;

/// <summary>
/// Told on this node after a change to a workspace was committed (its AI settings, its API keys), so that what was
/// derived from the old state is dropped at once. Other nodes learn of it from the audit log instead.
/// </summary>
public interface IWorkspaceChangeListener
{
    void Changed(Guid workspaceId);
}
