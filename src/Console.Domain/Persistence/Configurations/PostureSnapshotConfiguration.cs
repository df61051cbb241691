using AdminConsole.Domain.Model.Posture;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace AdminConsole.Domain.Persistence.Configurations;

internal sealed class PostureSnapshotConfiguration : IEntityTypeConfiguration<PostureSnapshot>
{
    public void Configure(EntityTypeBuilder<PostureSnapshot> builder)
    {
        builder.ToTable("posture_snapshots");
        builder.HasKey(s => s.Id);
        builder.Property(s => s.Id).ValueGeneratedNever();
        builder.Ignore(s => s.Total);

        // One snapshot a day, however many nodes (or restarts) try to take it.
        builder.HasIndex(s => s.Day).IsUnique();

        builder.OwnsMany(s => s.Counts, counts =>
        {
            counts.ToTable("posture_snapshot_counts");
            counts.WithOwner().HasForeignKey("SnapshotId");
            counts.Property(c => c.RuleCode).HasMaxLength(PostureRule.CodeMaxLength).IsRequired();
            counts.HasKey("SnapshotId", nameof(PostureRuleCount.RuleCode));
        });
        builder.Navigation(s => s.Counts).HasField("_counts").UsePropertyAccessMode(PropertyAccessMode.Field);
    }
}
