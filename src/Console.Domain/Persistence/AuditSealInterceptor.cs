using AdminConsole.Domain.Model.Audit;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace AdminConsole.Domain.Persistence;

/// <summary>
/// Seals every audit entry and the chain head as they are saved, with the chain key from configuration: the key
/// reaches the save through the context's options and is never written anywhere.
/// </summary>
public sealed class AuditSealInterceptor(AuditChainKey key) : SaveChangesInterceptor
{
    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        ArgumentNullException.ThrowIfNull(eventData);
        Seal(eventData.Context);
        return result;
    }

    public override ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(eventData);
        Seal(eventData.Context);
        return ValueTask.FromResult(result);
    }

    /// <remarks><c>ChangeTracker.Entries</c> detects changes first, so the head advanced by the chain writer reads as modified.</remarks>
    private void Seal(DbContext? context)
    {
        if (context is null)
            return;
        foreach (var entry in context.ChangeTracker.Entries<AuditEntry>())
        {
            if (entry.State == EntityState.Added)
                entry.Entity.SealWith(key);
        }

        foreach (var head in context.ChangeTracker.Entries<AuditChainHead>())
        {
            if (head.State is not (EntityState.Modified or EntityState.Added))
                continue;
            head.Entity.SealWith(key);

            // Changes may have been detected before this runs: the seal goes into the UPDATE all the same.
            if (head.State == EntityState.Modified)
                head.Property(h => h.Seal).IsModified = true;
        }
    }
}
