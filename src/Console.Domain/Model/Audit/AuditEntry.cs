using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace AdminConsole.Domain.Model.Audit;

/// <summary>
/// One entry of the append-only audit log. Each entry's <see cref="Hash"/> covers its content and the hash
/// of the entry before it, so changing or removing any entry breaks every link after it.
/// </summary>
public sealed class AuditEntry
{
    public const int ActionMaxLength = 64;
    public const int TargetTypeMaxLength = 64;
    public const int TargetIdMaxLength = 128;
    public const int HashLength = 64;

    /// <summary>The "previous hash" of the first entry.</summary>
    public static readonly string GenesisHash = new('0', HashLength);

    private AuditEntry()
    {
        ActorId = ActorName = ActorRole = Action = TargetType = TargetId = PreviousHash = Hash = string.Empty;
    }

    public long Sequence { get; private set; }

    public DateTimeOffset At { get; private set; }

    public string ActorId { get; private set; }

    public string ActorName { get; private set; }

    public string ActorRole { get; private set; }

    public string? SourceIp { get; private set; }

    public Guid? WorkspaceId { get; private set; }

    public string Action { get; private set; }

    public string TargetType { get; private set; }

    public string TargetId { get; private set; }

    public string? Before { get; private set; }

    public string? After { get; private set; }

    public string PreviousHash { get; private set; }

    public string Hash { get; private set; }

    /// <summary>HMAC of the sequence and hash under the chain key (see <see cref="AuditChainKey"/>); null when no key was configured.</summary>
    public string? Seal { get; private set; }

    public static AuditEntry Create(long sequence, DateTimeOffset at, AuditActor actor, AuditRecord record, string? before, string? after, string previousHash)
    {
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(record);
        var entry = new AuditEntry
        {
            Sequence = sequence,

            // Whole milliseconds: PostgreSQL keeps microseconds and the SQLite mapping 0.1 ms, so the time the
            // hash covers must be one that survives the round trip through either.
            At = new DateTimeOffset(at.UtcTicks - (at.UtcTicks % TimeSpan.TicksPerMillisecond), TimeSpan.Zero),
            ActorId = Clip(actor.Id, AuditActor.IdMaxLength),
            ActorName = Clip(actor.Name, AuditActor.NameMaxLength),
            ActorRole = Clip(actor.Role, AuditActor.RoleMaxLength),
            SourceIp = actor.SourceIp is null ? null : Clip(actor.SourceIp, AuditActor.SourceIpMaxLength),
            WorkspaceId = record.WorkspaceId,
            Action = Clip(record.Action, ActionMaxLength),
            TargetType = Clip(record.TargetType, TargetTypeMaxLength),
            TargetId = Clip(record.TargetId, TargetIdMaxLength),
            Before = before,
            After = after,
            PreviousHash = previousHash,
        };
        entry.Hash = entry.ComputeHash();
        return entry;
    }

    public void SealWith(AuditChainKey key)
    {
        ArgumentNullException.ThrowIfNull(key);
        Seal = key.SealOfEntry(Sequence, Hash);
    }

    /// <summary>SHA-256 over every field, each length-prefixed so that no two different entries read alike.</summary>
    public string ComputeHash()
    {
        var text = new StringBuilder(256);
        Append(text, Sequence.ToString(CultureInfo.InvariantCulture));
        Append(text, At.UtcTicks.ToString(CultureInfo.InvariantCulture));
        Append(text, ActorId);
        Append(text, ActorName);
        Append(text, ActorRole);
        Append(text, SourceIp);
        Append(text, WorkspaceId?.ToString("D"));
        Append(text, Action);
        Append(text, TargetType);
        Append(text, TargetId);
        Append(text, Before);
        Append(text, After);
        Append(text, PreviousHash);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));
    }

    private static void Append(StringBuilder text, string? value)
    {
        if (value is null)
        {
            text.Append("-1:");
            return;
        }

        text.Append(value.Length.ToString(CultureInfo.InvariantCulture)).Append(':').Append(value);
    }

    private static string Clip(string value, int max) => value.Length <= max ? value : value[..max];
}
