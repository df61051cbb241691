using AdminConsole.Domain.Model.Workspaces;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace AdminConsole.Domain.Persistence.Configurations;

internal sealed class WorkspaceConfiguration : IEntityTypeConfiguration<Workspace>
{
    public void Configure(EntityTypeBuilder<Workspace> builder)
    {
        builder.ToTable("workspaces");
        builder.HasKey(w => w.Id);
        builder.Property(w => w.Id).ValueGeneratedNever();
        builder.Property(w => w.Name).HasMaxLength(Workspace.NameMaxLength).IsRequired();
        builder.Property(w => w.Plan).HasConversion<string>().HasMaxLength(16);
        builder.Property(w => w.Region).HasConversion<string>().HasMaxLength(8);
        builder.Property(w => w.Status).HasConversion<string>().HasMaxLength(24);

        // The workspaces list sorts and filters on these in SQL.
        builder.HasIndex(w => w.Name);
        builder.HasIndex(w => w.Plan);
        builder.HasIndex(w => w.CreatedAt);
        builder.HasIndex(w => w.UpdatedAt);

        // The purge looks for deleted workspaces whose restore window has ended.
        builder.HasIndex(w => new { w.Status, w.DeletedAt });

        builder.HasMany(w => w.Teams).WithOne().HasForeignKey(t => t.WorkspaceId).OnDelete(DeleteBehavior.Cascade);
        builder.HasMany(w => w.Members).WithOne().HasForeignKey(m => m.WorkspaceId).OnDelete(DeleteBehavior.Cascade);
        builder.HasMany(w => w.Administrators).WithOne().HasForeignKey(a => a.WorkspaceId).OnDelete(DeleteBehavior.Cascade);
        builder.Navigation(w => w.Administrators).UsePropertyAccessMode(PropertyAccessMode.Field);
        builder.Navigation(w => w.Teams).UsePropertyAccessMode(PropertyAccessMode.Field);
        builder.Navigation(w => w.Members).UsePropertyAccessMode(PropertyAccessMode.Field);
    }
}
