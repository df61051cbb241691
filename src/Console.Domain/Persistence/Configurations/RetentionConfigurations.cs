using AdminConsole.Domain.Model.Jobs;
using AdminConsole.Domain.Model.Lifecycle;
using AdminConsole.Domain.Model.Retention;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace AdminConsole.Domain.Persistence.Configurations;

internal sealed class RetentionPolicyConfiguration : IEntityTypeConfiguration<RetentionPolicy>
{
    public void Configure(EntityTypeBuilder<RetentionPolicy> builder)
    {
        builder.ToTable("retention_policies");
        builder.HasKey(p => p.Plan);
        builder.Property(p => p.Plan).HasConversion<string>().HasMaxLength(16);
        builder.Property(p => p.ChangedBy).HasMaxLength(RetentionPolicy.ChangedByMaxLength).IsRequired();
        builder.ComplexProperty(p => p.Terms, Terms);

        // Two officers saving at once: the second save is refused instead of silently replacing the first.
        builder.Property(p => p.Version).IsConcurrencyToken();
        builder.HasMany(p => p.Versions).WithOne().HasForeignKey(v => v.Plan).OnDelete(DeleteBehavior.Restrict);
        builder.Navigation(p => p.Versions).UsePropertyAccessMode(PropertyAccessMode.Field);
    }

    internal static void Terms(ComplexPropertyBuilder<RetentionTerms> terms)
    {
        terms.Property(t => t.ProviderRetentionDays).HasColumnName("provider_retention_days");
        terms.Property(t => t.PromptHistoryDays).HasColumnName("prompt_history_days");
        terms.Property(t => t.AiOutputDays).HasColumnName("ai_output_days");
        terms.Property(t => t.EmbeddingDeletionDays).HasColumnName("embedding_deletion_days");
        terms.Property(t => t.TrashRestoreDays).HasColumnName("trash_restore_days");
        terms.Property(t => t.AuditLogDays).HasColumnName("audit_log_days");
    }
}

internal sealed class RetentionPolicyVersionConfiguration : IEntityTypeConfiguration<RetentionPolicyVersion>
{
    public void Configure(EntityTypeBuilder<RetentionPolicyVersion> builder)
    {
        builder.ToTable("retention_policy_versions");
        builder.HasKey(v => new { v.Plan, v.Version });
        builder.Property(v => v.Plan).HasConversion<string>().HasMaxLength(16);
        builder.Property(v => v.ChangedBy).HasMaxLength(RetentionPolicy.ChangedByMaxLength).IsRequired();
        builder.ComplexProperty(v => v.Terms, RetentionPolicyConfiguration.Terms);
    }
}

internal sealed class PageConfiguration : IEntityTypeConfiguration<Page>
{
    public void Configure(EntityTypeBuilder<Page> builder)
    {
        builder.ToTable("pages");
        builder.HasKey(p => p.Id);
        builder.Property(p => p.Id).ValueGeneratedNever();
        builder.Property(p => p.Title).HasMaxLength(Page.TitleMaxLength).IsRequired();
        builder.HasOne<Model.Workspaces.Workspace>().WithMany().HasForeignKey(p => p.WorkspaceId).OnDelete(DeleteBehavior.Restrict);

        // The trash of a workspace, and the purge of what has been in the trash longest.
        builder.HasIndex(p => new { p.WorkspaceId, p.DeletedAt });
        builder.HasIndex(p => p.DeletedAt);
    }
}

internal sealed class PromptLogConfiguration : IEntityTypeConfiguration<PromptLog>
{
    public void Configure(EntityTypeBuilder<PromptLog> builder)
    {
        builder.ToTable("prompt_logs");
        builder.HasKey(p => p.Id);
        builder.Property(p => p.Id).ValueGeneratedOnAdd();
        builder.Property(p => p.Content).HasMaxLength(PromptLog.ContentMaxLength).IsRequired();
        builder.HasIndex(p => new { p.WorkspaceId, p.CreatedAt });
    }
}

internal sealed class AiOutputConfiguration : IEntityTypeConfiguration<AiOutput>
{
    public void Configure(EntityTypeBuilder<AiOutput> builder)
    {
        builder.ToTable("ai_outputs");
        builder.HasKey(o => o.Id);
        builder.Property(o => o.Id).ValueGeneratedOnAdd();
        builder.Property(o => o.Content).HasMaxLength(AiOutput.ContentMaxLength).IsRequired();
        builder.HasIndex(o => new { o.WorkspaceId, o.CreatedAt });
        builder.HasIndex(o => o.PageId);
    }
}

internal sealed class ProviderRequestConfiguration : IEntityTypeConfiguration<ProviderRequest>
{
    public void Configure(EntityTypeBuilder<ProviderRequest> builder)
    {
        builder.ToTable("provider_requests");
        builder.HasKey(r => r.Id);
        builder.Property(r => r.Id).ValueGeneratedOnAdd();
        builder.Property(r => r.Provider).HasMaxLength(ProviderRequest.ProviderMaxLength).IsRequired();
        builder.HasIndex(r => new { r.WorkspaceId, r.CreatedAt });
    }
}

internal sealed class EmbeddingConfiguration : IEntityTypeConfiguration<Embedding>
{
    public void Configure(EntityTypeBuilder<Embedding> builder)
    {
        builder.ToTable("embeddings");
        builder.HasKey(e => e.Id);
        builder.Property(e => e.Id).ValueGeneratedOnAdd();
        builder.Property(e => e.VectorStore).HasMaxLength(Embedding.VectorStoreMaxLength).IsRequired();
        builder.HasIndex(e => e.PageId);
        builder.HasIndex(e => e.WorkspaceId);
    }
}

internal sealed class LegalHoldConfiguration : IEntityTypeConfiguration<LegalHold>
{
    public void Configure(EntityTypeBuilder<LegalHold> builder)
    {
        builder.ToTable("legal_holds");
        builder.HasKey(h => h.Id);
        builder.Property(h => h.Id).ValueGeneratedNever();
        builder.Property(h => h.Reason).HasMaxLength(LegalHold.ReasonMaxLength).IsRequired();
        builder.Property(h => h.PlacedBy).HasMaxLength(LegalHold.ByMaxLength).IsRequired();
        builder.Property(h => h.LiftedBy).HasMaxLength(LegalHold.ByMaxLength);
        builder.HasOne<Model.Workspaces.Workspace>().WithMany().HasForeignKey(h => h.WorkspaceId).OnDelete(DeleteBehavior.Restrict);
        builder.HasIndex(h => h.WorkspaceId);
    }
}

internal sealed class JobRunEvidenceConfiguration : IEntityTypeConfiguration<JobRunEvidence>
{
    public void Configure(EntityTypeBuilder<JobRunEvidence> builder)
    {
        builder.ToTable("job_run_evidence");
        builder.HasKey(e => new { e.RunId, e.Kind, e.Plan });
        builder.Property(e => e.Kind).HasConversion<string>().HasMaxLength(24);
        builder.Property(e => e.Plan).HasConversion<string>().HasMaxLength(16);
        builder.Property(e => e.Lag).HasConversion(v => (long)v.TotalSeconds, v => TimeSpan.FromSeconds(v));
        builder.HasOne<JobRun>().WithMany().HasForeignKey(e => e.RunId).OnDelete(DeleteBehavior.Cascade);
    }
}
