using AdminConsole.Domain.Model.Audit;
using AdminConsole.Domain.Model.Common;
using AdminConsole.Domain.Model.Reports;
using AdminConsole.Domain.Persistence;
using Microsoft.EntityFrameworkCore;

namespace AdminConsole.Domain.Commands;

/// <summary>
/// Asking for an audit report: a queued row the generator job picks up, saved with its audit entry. Who may ask for
/// which scope is the caller's to check (officers: any; a workspace admin: their own workspace).
/// </summary>
public sealed class AuditReportCommands(IDbContextFactory<ConsoleDbContext> dbFactory, TimeProvider clock)
{
    public async Task<AuditReport> RequestAsync(AuditActor actor, Guid? workspaceId, DateOnly fromDay, DateOnly toDay, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(actor);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        var scopeName = AuditReport.AllWorkspaces;
        if (workspaceId is { } id)
        {
            scopeName = await db.Workspaces.AsNoTracking().Where(w => w.Id == id).Select(w => w.Name).SingleOrDefaultAsync(cancellationToken).ConfigureAwait(false)
                ?? throw new DomainRuleException("WorkspaceId", "The workspace does not exist.");
        }

        var now = clock.GetUtcNow();
        var report = AuditReport.Request(AuditReportKind.OnDemand, workspaceId, scopeName, fromDay, toDay, actor.Id, actor.Name, now);
        Add(db, actor, report, now);
        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        return report;
    }

    /// <summary>A requested report staged in <paramref name="db"/> with its audit entry; the caller's save writes both or neither.</summary>
    public static void Add(ConsoleDbContext db, AuditActor actor, AuditReport report, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(report);
        db.AuditReports.Add(report);
        db.Audit(actor, new AuditRecord("report.requested", nameof(AuditReport), report.Id.ToString(), report.WorkspaceId, null,
            new { report.FromDay, report.ToDay, Scope = report.ScopeName }), now);
    }
}
