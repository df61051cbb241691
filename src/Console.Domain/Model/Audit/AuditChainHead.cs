namespace AdminConsole.Domain.Model.Audit;

/// <summary>
/// The last link of the chain: its sequence number and hash. Writers lock this single row, which orders
/// concurrent writers, and verification compares it with the last entry, so removing the newest entries
/// is detected too.
/// </summary>
public sealed class AuditChainHead
{
    public const int SingletonId = 1;

    private AuditChainHead()
    {
        Hash = AuditEntry.GenesisHash;
    }

    public int Id { get; private set; }

    public long Sequence { get; private set; }

    public string Hash { get; private set; }

    /// <summary>HMAC of the head's sequence and hash under the chain key; null when no key was configured.</summary>
    public string? Seal { get; private set; }

    public void SealWith(AuditChainKey key)
    {
        ArgumentNullException.ThrowIfNull(key);
        Seal = key.SealOfHead(Sequence, Hash);
    }

    /// <summary>Moves the head to the newest entry.</summary>
    public void Advance(AuditEntry last)
    {
        ArgumentNullException.ThrowIfNull(last);
        if (last.Sequence <= Sequence)
            throw new InvalidOperationException($"The chain head is at #{Sequence}; it cannot move back to #{last.Sequence}.");
        Sequence = last.Sequence;
        Hash = last.Hash;
        Seal = null;
    }
}
