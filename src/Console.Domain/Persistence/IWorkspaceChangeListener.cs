namespace AdminConsole.Domain.Persistence;

/// <summary>
/// Told on this node once a change was committed (see <see cref="CommittedChangesInterceptor"/>), so that what was derived
/// from the old state is dropped at once. Other nodes learn of it from the audit log instead.
/// </summary>
public interface IWorkspaceChangeListener
{
    /// <summary>A change to one workspace (its AI settings, its API keys, its plan, its members).</summary>
    void Changed(Guid workspaceId);

    /// <summary>A change that concerns every workspace (a subprocessor, a plan's retention terms).</summary>
    void ChangedAll();
}
