namespace AdminConsole.Domain.Model.Audit;

/// <summary>
/// What a use case changed, handed to the persistence layer, which chains it into the log in the same
/// transaction as the change itself. <see cref="Before"/> and <see cref="After"/> are snapshots serialized as JSON.
/// </summary>
public sealed record AuditRecord(string Action, string TargetType, string TargetId, Guid? WorkspaceId, object? Before, object? After);
