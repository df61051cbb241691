using System.Diagnostics;
using AdminConsole.Domain.Model.Audit;
using AdminConsole.Domain.Persistence;
using Microsoft.EntityFrameworkCore;

namespace AdminConsole.Domain.Audit;

/// <summary>
/// The outcome of walking the chain: intact, or the first entry where it breaks and why. <see cref="SealsChecked"/>
/// says whether the seals were checked too (a chain key is configured), which is what makes a rewrite by someone
/// holding only the database detectable.
/// </summary>
public sealed record AuditVerification(bool Intact, long EntriesChecked, long? BrokenAtSequence, string? Problem, long HeadSequence, string HeadHash, TimeSpan Elapsed, bool SealsChecked = false);

/// <summary>
/// The chain key, if one is configured, and the first entry it sealed: entries of a log that existed before the key
/// was configured are not sealed, and the operator says so once with <c>Audit:SealedFrom</c> (configuration, not
/// the database, so a database writer cannot move it).
/// </summary>
public sealed record AuditSealing(AuditChainKey? Key, long SealedFrom = 1)
{
    public static AuditSealing None { get; } = new(Key: null);
}

/// <summary>
/// Walks the audit log in sequence order and recomputes every hash. It names the first broken link: an entry
/// whose content no longer matches its hash (changed), a gap in the sequence (removed), a link that does not
/// point at its predecessor, or a chain head that is ahead of the last entry (newest entries removed). With a chain
/// key it also checks every seal: an entry rewritten with its hashes recomputed fails there, since its seal needs the key.
/// </summary>
public static class AuditLogVerifier
{
    public const int BatchSize = 10_000;

    public static Task<AuditVerification> VerifyAsync(ConsoleDbContext db, CancellationToken cancellationToken = default) =>
        VerifyAsync(db, AuditSealing.None, cancellationToken);

    public static async Task<AuditVerification> VerifyAsync(ConsoleDbContext db, AuditSealing sealing, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(sealing);
        var key = sealing.Key;
        var watch = Stopwatch.StartNew();
        var head = await db.AuditChainHeads.AsNoTracking()
            .SingleAsync(h => h.Id == AuditChainHead.SingletonId, cancellationToken).ConfigureAwait(false);

        long expected = 1;
        var previousHash = AuditEntry.GenesisHash;
        long checkedCount = 0;
        while (true)
        {
            var after = expected - 1;
            var batch = await db.AuditEntries.AsNoTracking()
                .Where(e => e.Sequence > after)
                .OrderBy(e => e.Sequence)
                .Take(BatchSize)
                .ToListAsync(cancellationToken).ConfigureAwait(false);
            foreach (var entry in batch)
            {
                string? problem = null;
                if (entry.Sequence != expected)
                    problem = expected == entry.Sequence - 1
                        ? $"Entry #{expected} is missing: it was removed."
                        : $"Entries #{expected} to #{entry.Sequence - 1} are missing: they were removed.";
                else if (!string.Equals(entry.PreviousHash, previousHash, StringComparison.Ordinal))
                    problem = $"Entry #{entry.Sequence} does not link to entry #{entry.Sequence - 1}: the chain was rewritten.";
                else if (!string.Equals(entry.ComputeHash(), entry.Hash, StringComparison.Ordinal))
                    problem = $"Entry #{entry.Sequence} was changed: its content no longer matches its hash.";
                else if (key is not null && entry.Sequence >= sealing.SealedFrom && !key.IsSealOfEntry(entry.Seal, entry.Sequence, entry.Hash))
                    problem = entry.Seal is null
                        ? $"Entry #{entry.Sequence} is not sealed: it was written without the chain key (or its seal was removed)."
                        : $"Entry #{entry.Sequence} does not carry its seal: it was rewritten (or added) by someone without the chain key.";

                if (problem is not null)
                    return new AuditVerification(false, checkedCount, Math.Min(expected, entry.Sequence), problem, head.Sequence, head.Hash, watch.Elapsed, key is not null);
                checkedCount++;
                expected++;
                previousHash = entry.Hash;
            }

            db.ChangeTracker.Clear();
            if (batch.Count < BatchSize)
                break;
        }

        var last = expected - 1;
        if (head.Sequence != last || !string.Equals(head.Hash, previousHash, StringComparison.Ordinal))
        {
            var problem = head.Sequence > last
                ? $"Entries after #{last} are missing: the log ends before its recorded head #{head.Sequence}."
                : $"The chain head (#{head.Sequence}) does not match the last entry (#{last}).";
            return new AuditVerification(false, checkedCount, last + 1, problem, head.Sequence, head.Hash, watch.Elapsed, key is not null);
        }

        if (key is not null && head.Sequence >= sealing.SealedFrom && !key.IsSealOfHead(head.Seal, head.Sequence, head.Hash))
            return new AuditVerification(false, checkedCount, last + 1, "The chain head does not carry its seal: it was moved by someone without the chain key.", head.Sequence, head.Hash, watch.Elapsed, true);

        return new AuditVerification(true, checkedCount, null, null, head.Sequence, head.Hash, watch.Elapsed, key is not null);
    }
}
