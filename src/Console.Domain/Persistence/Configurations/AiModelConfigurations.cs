using System.Text.Json;
using AdminConsole.Domain.Model.AiModels;
using AdminConsole.Domain.Model.AiSettings;
using AdminConsole.Domain.Model.Subprocessors;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace AdminConsole.Domain.Persistence.Configurations;

internal sealed class AiModelConfiguration : IEntityTypeConfiguration<AiModel>
{
    private static readonly JsonSerializerOptions Json = new() { Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() } };

    public void Configure(EntityTypeBuilder<AiModel> builder)
    {
        builder.ToTable("ai_models");
        builder.HasKey(m => m.Id);
        builder.Property(m => m.Id).ValueGeneratedNever();
        builder.Property(m => m.Name).HasMaxLength(AiModel.NameMaxLength).IsRequired();
        builder.Property(m => m.Version).HasMaxLength(AiModel.VersionMaxLength).IsRequired();
        builder.Property(m => m.Purpose).HasConversion<string>().HasMaxLength(24);
        builder.Property(m => m.Stage).HasConversion<string>().HasMaxLength(24);
        builder.Property(m => m.Region).HasMaxLength(AiModel.RegionMaxLength).IsRequired();
        builder.Property(m => m.ProposedById).HasMaxLength(Model.Audit.AuditActor.IdMaxLength).IsRequired();
        builder.Property(m => m.ProposedByName).HasMaxLength(Model.Audit.AuditActor.NameMaxLength).IsRequired();
        builder.Property(m => m.ApprovedById).HasMaxLength(Model.Audit.AuditActor.IdMaxLength);
        builder.Property(m => m.ApprovedByName).HasMaxLength(Model.Audit.AuditActor.NameMaxLength);

        // The features, by name, as JSON text: the same on both databases.
        builder.Property(m => m.Features)
            .HasConversion(
                new ValueConverter<List<AiFeature>, string>(v => JsonSerializer.Serialize(v, Json), v => JsonSerializer.Deserialize<List<AiFeature>>(v, Json) ?? new List<AiFeature>()),
                new ValueComparer<List<AiFeature>>((a, b) => a!.SequenceEqual(b!), v => v.Aggregate(0, (h, x) => HashCode.Combine(h, x)), v => v.ToList()))
            .HasColumnType("text");
        builder.Ignore(m => m.RetentionText);
        builder.Ignore(m => m.Title);

        builder.HasOne<Subprocessor>().WithMany().HasForeignKey(m => m.ProviderId).OnDelete(DeleteBehavior.Restrict);

        // One record per version of a model at a provider: a new version is a new record, the old one is kept.
        builder.HasIndex(m => new { m.ProviderId, m.Name, m.Version }).IsUnique();
        builder.HasIndex(m => m.Stage);
    }
}

internal sealed class ModelEvaluationConfiguration : IEntityTypeConfiguration<ModelEvaluation>
{
    private static readonly JsonSerializerOptions Json = new() { Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() } };

    public void Configure(EntityTypeBuilder<ModelEvaluation> builder)
    {
        builder.ToTable("model_evaluations");
        builder.HasKey(e => e.Id);
        builder.Property(e => e.Id).ValueGeneratedNever();
        builder.Property(e => e.Version).HasMaxLength(AiModel.VersionMaxLength).IsRequired();
        builder.Property(e => e.Suite).HasMaxLength(ModelEvaluation.SuiteMaxLength).IsRequired();
        builder.Property(e => e.RunById).HasMaxLength(Model.Audit.AuditActor.IdMaxLength).IsRequired();
        builder.Property(e => e.RunByName).HasMaxLength(Model.Audit.AuditActor.NameMaxLength).IsRequired();
        builder.Property(e => e.EvidenceSha256).HasMaxLength(64).IsFixedLength().IsRequired();
        builder.Property(e => e.EvidenceFileName).HasMaxLength(ModelEvidence.FileNameMaxLength).IsRequired();

        // The metrics with their thresholds as JSON text, read and written whole; pass or fail is computed from them.
        builder.Property(e => e.Metrics)
            .HasConversion(
                new ValueConverter<List<ModelMetric>, string>(v => JsonSerializer.Serialize(v, Json), v => JsonSerializer.Deserialize<List<ModelMetric>>(v, Json) ?? new List<ModelMetric>()),
                new ValueComparer<List<ModelMetric>>((a, b) => a!.SequenceEqual(b!), v => v.Aggregate(0, (h, x) => HashCode.Combine(h, x)), v => v.ToList()))
            .HasColumnType("text");
        builder.Ignore(e => e.Passed);
        builder.Ignore(e => e.Failures);

        // Evaluations are evidence: a model with evaluations is never deleted.
        builder.HasOne<AiModel>().WithMany().HasForeignKey(e => e.ModelId).OnDelete(DeleteBehavior.Restrict);
        builder.HasIndex(e => new { e.ModelId, e.RecordedAt });
    }
}

internal sealed class ModelEvidenceConfiguration : IEntityTypeConfiguration<ModelEvidence>
{
    public void Configure(EntityTypeBuilder<ModelEvidence> builder)
    {
        builder.ToTable("model_evidence");
        builder.HasKey(e => e.EvaluationId);
        builder.Property(e => e.EvaluationId).ValueGeneratedNever();
        builder.Property(e => e.FileName).HasMaxLength(ModelEvidence.FileNameMaxLength).IsRequired();
        builder.Property(e => e.MediaType).HasMaxLength(32).IsRequired();
        builder.Property(e => e.Sha256).HasMaxLength(64).IsFixedLength().IsRequired();
        builder.Property(e => e.Content).IsRequired();
        builder.Ignore(e => e.Size);
        builder.HasOne<ModelEvaluation>().WithOne().HasForeignKey<ModelEvidence>(e => e.EvaluationId).OnDelete(DeleteBehavior.Restrict);
    }
}
