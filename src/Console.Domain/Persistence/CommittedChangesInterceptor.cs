using System.Data.Common;
using System.Runtime.CompilerServices;
using AdminConsole.Domain.Model.Audit;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace AdminConsole.Domain.Persistence;

/// <summary>
/// The one place where this node's derived answers (policy, API key and DLP caches) learn of its own changes: every change
/// is saved with its audit entry, so once a save is committed (with its transaction, when it runs in one) the listeners
/// are told the workspaces its entries name, or all workspaces for an entry that names none. No command has to remember
/// to notify; a refused or rolled-back change tells nobody. Other nodes learn the same from the audit chain's head.
/// </summary>
public sealed class CommittedChangesInterceptor(Func<IEnumerable<IWorkspaceChangeListener>> listeners) : SaveChangesInterceptor, IDbTransactionInterceptor
{
    private static readonly Guid All = Guid.Empty;

    private readonly ConditionalWeakTable<DbContext, HashSet<Guid>> _pending = [];
    private readonly Lazy<IWorkspaceChangeListener[]> _listeners = new(() => [.. listeners()]);

    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        Collect(eventData?.Context);
        return result;
    }

    public override ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        Collect(eventData?.Context);
        return ValueTask.FromResult(result);
    }

    public override int SavedChanges(SaveChangesCompletedEventData eventData, int result)
    {
        FlushUnlessInTransaction(eventData?.Context);
        return result;
    }

    public override ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        FlushUnlessInTransaction(eventData?.Context);
        return ValueTask.FromResult(result);
    }

    public override void SaveChangesFailed(DbContextErrorEventData eventData) => ForgetUnlessInTransaction(eventData?.Context);

    public override Task SaveChangesFailedAsync(DbContextErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        ForgetUnlessInTransaction(eventData?.Context);
        return Task.CompletedTask;
    }

    void IDbTransactionInterceptor.TransactionCommitted(DbTransaction transaction, TransactionEndEventData eventData) => Flush(eventData?.Context);

    Task IDbTransactionInterceptor.TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken)
    {
        Flush(eventData?.Context);
        return Task.CompletedTask;
    }

    void IDbTransactionInterceptor.TransactionRolledBack(DbTransaction transaction, TransactionEndEventData eventData) => Forget(eventData?.Context);

    Task IDbTransactionInterceptor.TransactionRolledBackAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken)
    {
        Forget(eventData?.Context);
        return Task.CompletedTask;
    }

    private void Collect(DbContext? context)
    {
        if (context is null)
            return;
        var added = context.ChangeTracker.Entries<AuditEntry>().Where(e => e.State == EntityState.Added).Select(e => e.Entity.WorkspaceId ?? All).ToList();
        if (added.Count == 0)
            return;
        var pending = _pending.GetValue(context, _ => []);
        lock (pending)
            pending.UnionWith(added);
    }

    private void FlushUnlessInTransaction(DbContext? context)
    {
        if (context?.Database.CurrentTransaction is null)
            Flush(context);
    }

    private void ForgetUnlessInTransaction(DbContext? context)
    {
        if (context?.Database.CurrentTransaction is null)
            Forget(context);
    }

    private void Forget(DbContext? context)
    {
        if (context is not null)
            _pending.Remove(context);
    }

    private void Flush(DbContext? context)
    {
        if (context is null || !_pending.TryGetValue(context, out var pending))
            return;
        _pending.Remove(context);
        Guid[] changed;
        lock (pending)
            changed = [.. pending];
        foreach (var listener in _listeners.Value)
        {
            if (changed.Contains(All))
                listener.ChangedAll();
            foreach (var workspace in changed.Where(w => w != All))
                listener.Changed(workspace);
        }
    }
}
