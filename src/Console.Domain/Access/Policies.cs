using AdminConsole.Domain.Model.Access;

namespace AdminConsole.Domain.Access;

/// <summary>
/// One policy per area and action. Pages, endpoints and the use cases name a policy, never a role, so the matrix in
/// docs and tests reads from one place.
/// </summary>
public static class Policies
{
    /// <summary>Any console role: the dashboard.</summary>
    public const string Console = "console";

    /// <summary>Workspace lists and details (workspace admins: their own only).</summary>
    public const string ViewWorkspaces = "workspaces.view";

    /// <summary>Create workspaces, change name and plan.</summary>
    public const string ManageWorkspaces = "workspaces.manage";

    /// <summary>Teams and members (workspace admins: their own workspaces only).</summary>
    public const string ManageMembers = "workspaces.members";

    /// <summary>A workspace's API keys for the AI product (workspace admins: their own workspaces only).</summary>
    public const string ManageApiKeys = "workspaces.api-keys";

    /// <summary>A workspace's AI settings, integrations and settings history, read-only (workspace admins: their own only).</summary>
    public const string ViewAiSettings = "workspaces.ai-settings.view";

    /// <summary>Change a workspace's AI settings and integrations: admins anywhere, workspace admins in their own workspaces.</summary>
    public const string ManageAiSettings = "workspaces.ai-settings.manage";

    /// <summary>The audit log (workspace admins: their workspaces' entries only).</summary>
    public const string ViewAuditLog = "audit.view";

    /// <summary>Walk the whole chain; workspace admins would see the size of other workspaces' activity.</summary>
    public const string VerifyAuditLog = "audit.verify";

    /// <summary>The subprocessor registry and its reviews, read-only.</summary>
    public const string ViewSubprocessors = "subprocessors.view";

    /// <summary>Propose, edit, publish notices for, review and retire subprocessors.</summary>
    public const string ManageSubprocessors = "subprocessors.manage";

    /// <summary>
    /// Who subscribes to subprocessor notices, and the export of that list: customers' personal email addresses,
    /// so not for auditors, whose read access covers the registry but not the people behind it.
    /// </summary>
    public const string ViewSubscribers = "subscribers.view";

    /// <summary>The retention policy of each plan and its history: every console role may read what is kept how long.</summary>
    public const string ViewRetention = "retention.view";

    /// <summary>Change a plan's retention terms (within the published commitments the model enforces).</summary>
    public const string ManageRetention = "retention.manage";

    /// <summary>
    /// A workspace's trash: deleted pages (and the workspace itself) with the date each is purged. Compliance
    /// officers read every workspace's; workspace admins their own only.
    /// </summary>
    public const string ViewTrash = "trash.view";

    /// <summary>Restore from the trash within the restore window: admins anywhere, workspace admins in their own workspaces.</summary>
    public const string RestoreFromTrash = "trash.restore";

    /// <summary>
    /// Legal holds, placed and lifted: read by auditors as evidence. Workspace admins are not shown holds (a hold
    /// may concern a dispute with their own company); their trash says only that one is in force.
    /// </summary>
    public const string ViewLegalHolds = "legal-holds.view";

    /// <summary>Place and lift legal holds.</summary>
    public const string ManageLegalHolds = "legal-holds.manage";

    /// <summary>The scheduled jobs, their next runs, their run records and the purge evidence.</summary>
    public const string ViewJobs = "jobs.view";

    /// <summary>Start a job now, outside its schedule.</summary>
    public const string RunJobs = "jobs.run";

    /// <summary>
    /// The job host's dashboard (/jobs/hangfire): its queues, workers, retries and failed runs, and its buttons that
    /// requeue and delete runs. Admins only: the console's own /jobs page is the officers' and auditors' view.
    /// </summary>
    public const string OperateJobs = "jobs.operate";

    /// <summary>
    /// The compliance posture: counts per rule, the offending subprocessors and jobs, the trend. Workspace admins are
    /// denied: today's rules are about the registry and the platform's purges, not about one customer's workspace.
    /// </summary>
    public const string ViewPosture = "posture.view";

    /// <summary>
    /// The audit report archive and its files. Admins, officers and auditors see every report; a workspace admin sees
    /// the reports scoped to their own workspaces only (see <see cref="WorkspaceAccess.VisibleReportWorkspaceIds"/>).
    /// </summary>
    public const string ViewReports = "reports.view";

    /// <summary>Asking for a report: officers and admins for any scope, a workspace admin for their own workspace.</summary>
    public const string GenerateReports = "reports.generate";

    /// <summary>Who has signed in, with which roles, and workspace admin assignments.</summary>
    public const string ManageUsers = "users.manage";

    /// <summary>The AI model register: models, their evaluations and approvals.</summary>
    public const string ViewModels = "models.view";

    /// <summary>Propose models, record evaluations, approve, put into production and retire.</summary>
    public const string ManageModels = "models.manage";

    public static IReadOnlyDictionary<string, string[]> Roles { get; } = new Dictionary<string, string[]>
    {
        [Console] = [.. ConsoleRoles.All],
        [ViewWorkspaces] = [ConsoleRoles.Admin, ConsoleRoles.ComplianceOfficer, ConsoleRoles.WorkspaceAdmin],
        [ManageWorkspaces] = [ConsoleRoles.Admin],
        [ManageMembers] = [ConsoleRoles.Admin, ConsoleRoles.WorkspaceAdmin],
        [ManageApiKeys] = [ConsoleRoles.Admin, ConsoleRoles.WorkspaceAdmin],
        [ViewAiSettings] = [.. ConsoleRoles.All],
        [ManageAiSettings] = [ConsoleRoles.Admin, ConsoleRoles.WorkspaceAdmin],
        [ViewAuditLog] = [.. ConsoleRoles.All],
        [VerifyAuditLog] = [ConsoleRoles.Admin, ConsoleRoles.ComplianceOfficer, ConsoleRoles.Auditor],
        [ViewSubprocessors] = [ConsoleRoles.Admin, ConsoleRoles.ComplianceOfficer, ConsoleRoles.Auditor],
        [ManageSubprocessors] = [ConsoleRoles.Admin, ConsoleRoles.ComplianceOfficer],
        [ViewSubscribers] = [ConsoleRoles.Admin, ConsoleRoles.ComplianceOfficer],
        [ViewRetention] = [ConsoleRoles.Admin, ConsoleRoles.ComplianceOfficer, ConsoleRoles.Auditor, ConsoleRoles.WorkspaceAdmin],
        [ManageRetention] = [ConsoleRoles.Admin, ConsoleRoles.ComplianceOfficer],
        [ViewTrash] = [ConsoleRoles.Admin, ConsoleRoles.ComplianceOfficer, ConsoleRoles.WorkspaceAdmin],
        [RestoreFromTrash] = [ConsoleRoles.Admin, ConsoleRoles.WorkspaceAdmin],
        [ViewLegalHolds] = [ConsoleRoles.Admin, ConsoleRoles.ComplianceOfficer, ConsoleRoles.Auditor],
        [ManageLegalHolds] = [ConsoleRoles.Admin, ConsoleRoles.ComplianceOfficer],
        [ViewJobs] = [ConsoleRoles.Admin, ConsoleRoles.ComplianceOfficer, ConsoleRoles.Auditor],
        [RunJobs] = [ConsoleRoles.Admin, ConsoleRoles.ComplianceOfficer],
        [OperateJobs] = [ConsoleRoles.Admin],
        [ViewPosture] = [ConsoleRoles.Admin, ConsoleRoles.ComplianceOfficer, ConsoleRoles.Auditor],
        [ViewReports] = [.. ConsoleRoles.All],
        [GenerateReports] = [ConsoleRoles.Admin, ConsoleRoles.ComplianceOfficer, ConsoleRoles.WorkspaceAdmin],
        [ManageUsers] = [ConsoleRoles.Admin],
        [ViewModels] = [ConsoleRoles.Admin, ConsoleRoles.ComplianceOfficer, ConsoleRoles.Auditor],
        [ManageModels] = [ConsoleRoles.ComplianceOfficer],
    };
}
