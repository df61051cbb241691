using AdminConsole.Domain.Model.Reports;
using AdminConsole.Domain.Model.Workspaces;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace AdminConsole.Domain.Persistence.Configurations;

internal sealed class AuditReportConfiguration : IEntityTypeConfiguration<AuditReport>
{
    public void Configure(EntityTypeBuilder<AuditReport> builder)
    {
        builder.ToTable("audit_reports");
        builder.HasKey(r => r.Id);
        builder.Property(r => r.Id).ValueGeneratedNever();
        builder.Property(r => r.Kind).HasConversion<string>().HasMaxLength(16);
        builder.Property(r => r.Status).HasConversion<string>().HasMaxLength(16);
        builder.Property(r => r.ScopeName).HasMaxLength(AuditReport.ScopeNameMaxLength).IsRequired();
        builder.Property(r => r.RequestedById).HasMaxLength(AuditReport.ByMaxLength).IsRequired();
        builder.Property(r => r.RequestedBy).HasMaxLength(AuditReport.ByMaxLength).IsRequired();
        builder.Property(r => r.Sha256).HasMaxLength(AuditReport.Sha256Length);
        builder.Property(r => r.Signer).HasMaxLength(AuditReport.ByMaxLength);
        builder.Property(r => r.Error).HasMaxLength(AuditReport.ErrorMaxLength);

        // A workspace's archive goes with its workspace when it is purged.
        builder.HasOne<Workspace>().WithMany().HasForeignKey(r => r.WorkspaceId).OnDelete(DeleteBehavior.Cascade);

        // The archive lists newest first; the generator takes the oldest queued report.
        builder.HasIndex(r => r.RequestedAt);
        builder.HasIndex(r => new { r.Status, r.RequestedAt });
        builder.HasIndex(r => new { r.WorkspaceId, r.RequestedAt });
    }
}

internal sealed class AuditReportFileConfiguration : IEntityTypeConfiguration<AuditReportFile>
{
    public void Configure(EntityTypeBuilder<AuditReportFile> builder)
    {
        builder.ToTable("audit_report_files");
        builder.HasKey(f => f.ReportId);
        builder.Property(f => f.ReportId).ValueGeneratedNever();
        builder.HasOne<AuditReport>().WithOne().HasForeignKey<AuditReportFile>(f => f.ReportId).OnDelete(DeleteBehavior.Cascade);
        builder.Property(f => f.Content).IsRequired();
    }
}
