using AdminConsole.Domain.Audit;
using AdminConsole.Domain.Model.Access;
using AdminConsole.Domain.Model.Audit;
using AdminConsole.Domain.Model.Common;
using AdminConsole.Domain.Model.Workspaces;
using AdminConsole.Domain.Persistence;
using Microsoft.EntityFrameworkCore;

namespace AdminConsole.Domain.Access;

/// <summary>
/// Workspace scoping, applied in the queries themselves: a workspace admin's lists, pages, API answers and
/// audit entries contain their assigned workspaces and nothing else.
/// </summary>
public static class WorkspaceAccess
{
    /// <summary>The workspaces the user may read.</summary>
    public static IQueryable<Workspace> Visible(this ConsoleDbContext db, CurrentUser user)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(user);
        if (user.SeesAllWorkspaces)
            return db.Workspaces;
        if (!user.Roles.Contains(ConsoleRoles.WorkspaceAdmin))
            return db.Workspaces.Where(_ => false);
        var oid = user.ObjectId;
        return db.Workspaces.Where(w => w.Administrators.Any(a => a.UserObjectId == oid));
    }

    /// <summary>
    /// The audit entries the user may read: admins, compliance officers and auditors every entry (auditors re-verify
    /// the whole chain); workspace admins their workspaces' entries without legal holds; anyone else none.
    /// </summary>
    public static AuditScope AuditScope(this ConsoleDbContext db, CurrentUser user)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(user);
        return user.SeesAllWorkspaces || user.Roles.Contains(ConsoleRoles.Auditor)
            ? Domain.Audit.AuditScope.Everything
            : Domain.Audit.AuditScope.OfWorkspaces(db.Visible(user).Select(w => w.Id));
    }

    /// <summary>
    /// The workspaces whose reports the user may read, or null when the user may read every report: auditors read
    /// all reports (they read the evidence, not the workspaces' pages); a workspace admin only their workspaces' ones.
    /// </summary>
    public static IQueryable<Guid>? VisibleReportWorkspaceIds(this ConsoleDbContext db, CurrentUser user) =>
        user.SeesAllWorkspaces || user.Roles.Contains(ConsoleRoles.Auditor) ? null : db.Visible(user).Select(w => w.Id);

    public static Task<bool> CanViewAsync(this ConsoleDbContext db, CurrentUser user, Guid workspaceId, CancellationToken cancellationToken = default) =>
        db.Visible(user).AnyAsync(w => w.Id == workspaceId, cancellationToken);

    /// <summary>Restoring from the trash: admins anywhere, workspace admins in their own workspaces (officers read it only).</summary>
    public static Task<bool> CanRestoreFromTrashAsync(this ConsoleDbContext db, CurrentUser user, Guid workspaceId, CancellationToken cancellationToken = default) =>
        db.AdministersAsync(user, workspaceId, cancellationToken);

    private static async Task<bool> AdministersAsync(this ConsoleDbContext db, CurrentUser user, Guid workspaceId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(user);
        if (user.IsAdmin)
            return await db.Workspaces.AnyAsync(w => w.Id == workspaceId, cancellationToken).ConfigureAwait(false);
        return user.Roles.Contains(ConsoleRoles.WorkspaceAdmin)
            && await db.WorkspaceAdministrators.AnyAsync(a => a.WorkspaceId == workspaceId && a.UserObjectId == user.ObjectId, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Reading a workspace's AI settings: every workspace for admins, officers and auditors (auditors read the settings as
    /// evidence); workspace admins their own only.
    /// </summary>
    public static async Task<bool> CanViewAiSettingsAsync(this ConsoleDbContext db, CurrentUser user, Guid workspaceId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(user);
        if (user.Roles.Contains(ConsoleRoles.Auditor))
            return await db.Workspaces.AnyAsync(w => w.Id == workspaceId, cancellationToken).ConfigureAwait(false);
        return await db.CanViewAsync(user, workspaceId, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Changing AI settings and integrations: admins anywhere, workspace admins in their own workspaces (officers read them only).</summary>
    public static Task<bool> CanManageAiSettingsAsync(this ConsoleDbContext db, CurrentUser user, Guid workspaceId, CancellationToken cancellationToken = default) =>
        db.AdministersAsync(user, workspaceId, cancellationToken);
}
