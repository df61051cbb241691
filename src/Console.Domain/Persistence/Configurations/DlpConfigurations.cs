using AdminConsole.Domain.Model.Dlp;
using AdminConsole.Domain.Model.Workspaces;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace AdminConsole.Domain.Persistence.Configurations;

internal sealed class DlpAlertConfiguration : IEntityTypeConfiguration<DlpAlert>
{
    public void Configure(EntityTypeBuilder<DlpAlert> builder)
    {
        builder.ToTable("dlp_alerts");
        builder.HasKey(a => a.Id);
        builder.Property(a => a.Id).ValueGeneratedNever();
        builder.HasOne<Workspace>().WithMany().HasForeignKey(a => a.WorkspaceId).OnDelete(DeleteBehavior.Cascade);
        builder.Property(a => a.Source).HasConversion<string>().HasMaxLength(16);
        builder.Property(a => a.DetectorId).HasMaxLength(DlpAlert.DetectorIdMaxLength).IsRequired();
        builder.Property(a => a.DetectorName).HasMaxLength(DlpAlert.DetectorNameMaxLength).IsRequired();
        builder.Property(a => a.Severity).HasConversion<string>().HasMaxLength(16);
        builder.Property(a => a.Excerpt).HasMaxLength(DlpAlert.ExcerptMaxLength).IsRequired();
        builder.Property(a => a.Status).HasConversion<string>().HasMaxLength(16);
        builder.Property(a => a.StatusNote).HasMaxLength(DlpAlert.NoteMaxLength);
        builder.Property(a => a.StatusChangedBy).HasMaxLength(DlpAlert.ByMaxLength);

        // The alerts page lists a workspace's alerts newest first, filtered; the report counts them per period.
        builder.HasIndex(a => new { a.WorkspaceId, a.DetectedAt });
        builder.HasIndex(a => a.DetectedAt);
    }
}

internal sealed class WorkspaceDlpSettingsConfiguration : IEntityTypeConfiguration<WorkspaceDlpSettings>
{
    public void Configure(EntityTypeBuilder<WorkspaceDlpSettings> builder)
    {
        builder.ToTable("workspace_dlp_settings");
        builder.HasKey(s => s.WorkspaceId);
        builder.Property(s => s.WorkspaceId).ValueGeneratedNever();
        builder.HasOne<Workspace>().WithOne().HasForeignKey<WorkspaceDlpSettings>(s => s.WorkspaceId).OnDelete(DeleteBehavior.Cascade);
        builder.Property(s => s.Disabled).HasMaxLength(WorkspaceDlpSettings.DisabledMaxLength).IsRequired();
        builder.Property(s => s.ChangedBy).HasMaxLength(DlpAlert.ByMaxLength).IsRequired();
        builder.Ignore(s => s.DisabledIds);
        builder.HasMany(s => s.CustomDetectors).WithOne().HasForeignKey(d => d.WorkspaceId).OnDelete(DeleteBehavior.Cascade);
        builder.Navigation(s => s.CustomDetectors).UsePropertyAccessMode(PropertyAccessMode.Field);
    }
}

internal sealed class DlpCustomDetectorConfiguration : IEntityTypeConfiguration<DlpCustomDetector>
{
    public void Configure(EntityTypeBuilder<DlpCustomDetector> builder)
    {
        builder.ToTable("dlp_custom_detectors");
        builder.HasKey(d => d.Id);
        builder.Property(d => d.Id).ValueGeneratedNever();
        builder.Property(d => d.Name).HasMaxLength(DlpCustomPattern.NameMaxLength).IsRequired();
        builder.Property(d => d.Pattern).HasMaxLength(DlpCustomPattern.PatternMaxLength).IsRequired();
        builder.Property(d => d.Severity).HasConversion<string>().HasMaxLength(16);
        builder.Property(d => d.CreatedBy).HasMaxLength(DlpAlert.ByMaxLength).IsRequired();
        builder.Ignore(d => d.DetectorId);
        builder.HasIndex(d => new { d.WorkspaceId, d.Name }).IsUnique();
    }
}
