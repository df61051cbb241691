using AdminConsole.Domain.Model.Audit;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace AdminConsole.Domain.Persistence.Configurations;

internal sealed class AuditEntryConfiguration : IEntityTypeConfiguration<AuditEntry>
{
    public void Configure(EntityTypeBuilder<AuditEntry> builder)
    {
        builder.ToTable("audit_entries");
        builder.HasKey(e => e.Sequence);
        builder.Property(e => e.Sequence).ValueGeneratedNever();
        builder.Property(e => e.ActorId).HasMaxLength(AuditActor.IdMaxLength).IsRequired();
        builder.Property(e => e.ActorName).HasMaxLength(AuditActor.NameMaxLength).IsRequired();
        builder.Property(e => e.ActorRole).HasMaxLength(AuditActor.RoleMaxLength).IsRequired();
        builder.Property(e => e.SourceIp).HasMaxLength(AuditActor.SourceIpMaxLength);
        builder.Property(e => e.Action).HasMaxLength(AuditEntry.ActionMaxLength).IsRequired();
        builder.Property(e => e.TargetType).HasMaxLength(AuditEntry.TargetTypeMaxLength).IsRequired();
        builder.Property(e => e.TargetId).HasMaxLength(AuditEntry.TargetIdMaxLength).IsRequired();
        builder.Property(e => e.PreviousHash).HasMaxLength(AuditEntry.HashLength).IsFixedLength().IsRequired();
        builder.Property(e => e.Hash).HasMaxLength(AuditEntry.HashLength).IsFixedLength().IsRequired();
        builder.Property(e => e.Seal).HasMaxLength(AuditEntry.HashLength).IsFixedLength();

        // The audit-log page filters by time, workspace, actor and action.
        builder.HasIndex(e => e.At);
        builder.HasIndex(e => new { e.WorkspaceId, e.Sequence });
        builder.HasIndex(e => new { e.ActorId, e.Sequence });
        builder.HasIndex(e => new { e.Action, e.Sequence });
    }
}

internal sealed class AuditChainHeadConfiguration : IEntityTypeConfiguration<AuditChainHead>
{
    public void Configure(EntityTypeBuilder<AuditChainHead> builder)
    {
        builder.ToTable("audit_chain_head");
        builder.HasKey(h => h.Id);
        builder.Property(h => h.Id).ValueGeneratedNever();
        builder.Property(h => h.Hash).HasMaxLength(AuditEntry.HashLength).IsFixedLength().IsRequired();
        builder.Property(h => h.Seal).HasMaxLength(AuditEntry.HashLength).IsFixedLength();
        builder.HasData(new { Id = AuditChainHead.SingletonId, Sequence = 0L, Hash = AuditEntry.GenesisHash });
    }
}
