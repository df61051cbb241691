using AdminConsole.Domain.Model.Access;
using AdminConsole.Domain.Model.AiSettings;
using AdminConsole.Domain.Model.Api;
using AdminConsole.Domain.Model.Audit;
using AdminConsole.Domain.Model.Dlp;
using AdminConsole.Domain.Model.Dlp.Hooks;
using AdminConsole.Domain.Model.Jobs;
using AdminConsole.Domain.Model.Lifecycle;
using AdminConsole.Domain.Model.Posture;
using AdminConsole.Domain.Model.Reports;
using AdminConsole.Domain.Model.Retention;
using AdminConsole.Domain.Model.AiModels;
using AdminConsole.Domain.Model.Subprocessors;
using AdminConsole.Domain.Model.Workspaces;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;

namespace AdminConsole.Domain.Persistence;

/// <summary>
/// The console's one model. Each database provider has a derived context of its own
/// (<see cref="SqliteConsoleDbContext"/>, <see cref="PostgresConsoleDbContext"/>) so that each keeps its
/// own migration set; everything else asks for this type.
/// </summary>
public abstract class ConsoleDbContext : DbContext, IDataProtectionKeyContext
{
    private readonly List<PendingAudit> _pendingAudit = [];

    protected ConsoleDbContext(DbContextOptions options)
        : base(options)
    {
    }

    public DbSet<Workspace> Workspaces => Set<Workspace>();

    public DbSet<Team> Teams => Set<Team>();

    public DbSet<Member> Members => Set<Member>();

    public DbSet<WorkspaceAdministrator> WorkspaceAdministrators => Set<WorkspaceAdministrator>();

    public DbSet<ConsoleUser> Users => Set<ConsoleUser>();

    public DbSet<UserSession> UserSessions => Set<UserSession>();

    public DbSet<AuditEntry> AuditEntries => Set<AuditEntry>();

    public DbSet<AuditChainHead> AuditChainHeads => Set<AuditChainHead>();

    /// <summary>
    /// ASP.NET Core Data Protection's keys, shared by every node on this database (the keys that protect session
    /// cookies, antiforgery tokens and sealed secrets); encrypted with a certificate when one is configured.
    /// </summary>
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    public DbSet<SealedKeyRecord> SealedKeys => Set<SealedKeyRecord>();

    public DbSet<Subprocessor> Subprocessors => Set<Subprocessor>();

    public DbSet<SubprocessorReview> SubprocessorReviews => Set<SubprocessorReview>();

    public DbSet<Notice> Notices => Set<Notice>();

    public DbSet<AiModel> AiModels => Set<AiModel>();

    public DbSet<ModelEvaluation> ModelEvaluations => Set<ModelEvaluation>();

    public DbSet<ModelEvidence> ModelEvidence => Set<ModelEvidence>();

    public DbSet<JobRun> JobRuns => Set<JobRun>();

    public DbSet<JobRunEvidence> JobRunEvidence => Set<JobRunEvidence>();

    public DbSet<RetentionPolicy> RetentionPolicies => Set<RetentionPolicy>();

    public DbSet<RetentionPolicyVersion> RetentionPolicyVersions => Set<RetentionPolicyVersion>();

    public DbSet<Page> Pages => Set<Page>();

    public DbSet<PromptLog> PromptLogs => Set<PromptLog>();

    public DbSet<AiOutput> AiOutputs => Set<AiOutput>();

    public DbSet<ProviderRequest> ProviderRequests => Set<ProviderRequest>();

    public DbSet<Embedding> Embeddings => Set<Embedding>();

    public DbSet<LegalHold> LegalHolds => Set<LegalHold>();

    public DbSet<Subscription> Subscriptions => Set<Subscription>();

    public DbSet<SubscriptionToken> SubscriptionTokens => Set<SubscriptionToken>();

    public DbSet<NoticeDelivery> NoticeDeliveries => Set<NoticeDelivery>();


    public DbSet<Objection> Objections => Set<Objection>();

    public DbSet<Reminder> Reminders => Set<Reminder>();

    public DbSet<ApiKey> ApiKeys => Set<ApiKey>();

    public DbSet<IdempotencyRecord> IdempotencyRecords => Set<IdempotencyRecord>();

    public DbSet<PostureSnapshot> PostureSnapshots => Set<PostureSnapshot>();

    public DbSet<WorkspaceAiSettings> AiSettings => Set<WorkspaceAiSettings>();

    public DbSet<Integration> Integrations => Set<Integration>();

    public DbSet<AiSettingsVersion> AiSettingsVersions => Set<AiSettingsVersion>();

    public DbSet<DlpAlert> DlpAlerts => Set<DlpAlert>();

    public DbSet<WorkspaceDlpSettings> DlpSettings => Set<WorkspaceDlpSettings>();

    public DbSet<DlpHook> DlpHooks => Set<DlpHook>();

    public DbSet<DlpHookDelivery> DlpHookDeliveries => Set<DlpHookDelivery>();

    public DbSet<AuditReport> AuditReports => Set<AuditReport>();

    public DbSet<AuditReportFile> AuditReportFiles => Set<AuditReportFile>();

    /// <summary>
    /// Records a change for the audit log. It is chained and written by the next <c>SaveChangesAsync</c>, in the
    /// same transaction as the change: both are saved, or neither.
    /// </summary>
    public void Audit(AuditActor actor, AuditRecord record, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(record);
        _pendingAudit.Add(new PendingAudit(actor, record, at));
    }

    public override int SaveChanges(bool acceptAllChangesOnSuccess)
    {
        if (_pendingAudit.Count > 0)
            throw new InvalidOperationException("Audited changes are saved with SaveChangesAsync.");
        return base.SaveChanges(acceptAllChangesOnSuccess);
    }

    public override async Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        if (_pendingAudit.Count == 0)
            return await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken).ConfigureAwait(false);

        var ownTransaction = Database.CurrentTransaction is null
            ? await Database.BeginTransactionAsync(cancellationToken).ConfigureAwait(false)
            : null;
        List<AuditEntry> added = [];
        try
        {
            added = await AuditChainWriter.AppendAsync(this, _pendingAudit, cancellationToken).ConfigureAwait(false);
            var saved = await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken).ConfigureAwait(false);
            if (ownTransaction is not null)
                await ownTransaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            _pendingAudit.Clear();
            return saved;
        }
        catch
        {
            // The entries were never committed: forget them, so a retry chains them again from the real head.
            foreach (var entry in added)
                Entry(entry).State = EntityState.Detached;
            throw;
        }
        finally
        {
            foreach (var head in ChangeTracker.Entries<AuditChainHead>().ToList())
                head.State = EntityState.Detached;

            if (ownTransaction is not null)
                await ownTransaction.DisposeAsync().ConfigureAwait(false);
        }
    }

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        ArgumentNullException.ThrowIfNull(modelBuilder);
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(ConsoleDbContext).Assembly);
    }

    internal sealed record PendingAudit(AuditActor Actor, AuditRecord Record, DateTimeOffset At);
}
