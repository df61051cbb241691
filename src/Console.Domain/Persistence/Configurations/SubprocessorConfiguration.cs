using System.Text.Json;
using AdminConsole.Domain.Model.Subprocessors;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace AdminConsole.Domain.Persistence.Configurations;

internal sealed class SubprocessorConfiguration : IEntityTypeConfiguration<Subprocessor>
{
    private static readonly JsonSerializerOptions Json = new();

    public void Configure(EntityTypeBuilder<Subprocessor> builder)
    {
        builder.ToTable("subprocessors");
        builder.HasKey(s => s.Id);
        builder.Property(s => s.Id).ValueGeneratedNever();
        builder.Property(s => s.LegalName).HasMaxLength(SubprocessorDetails.LegalNameMaxLength).IsRequired();
        builder.Property(s => s.Purpose).HasMaxLength(SubprocessorDetails.PurposeMaxLength).IsRequired();
        builder.Property(s => s.Category).HasConversion<string>().HasMaxLength(24);
        builder.Property(s => s.RiskTier).HasConversion<string>().HasMaxLength(16);
        builder.Property(s => s.Status).HasConversion<string>().HasMaxLength(16);
        builder.Property(s => s.DpaReference).HasMaxLength(SubprocessorDetails.DpaReferenceMaxLength).IsRequired();
        builder.Property(s => s.Website).HasMaxLength(SubprocessorDetails.WebsiteMaxLength);

        // Small lists stored as JSON text: the same on both databases, read and written whole.
        builder.Property(s => s.DataCategories).HasConversion(ToJson<List<string>>(), ListComparer<string>()).HasColumnType("text");
        builder.Property(s => s.Countries).HasConversion(ToJson<List<string>>(), ListComparer<string>()).HasColumnType("text");
        builder.Property(s => s.Certifications).HasConversion(ToJson<List<Certification>>(), ListComparer<Certification>()).HasColumnType("text");

        builder.Ignore(s => s.Details);
        builder.Ignore(s => s.IsSelectable);
        builder.HasIndex(s => s.Status);
        builder.HasIndex(s => s.LegalName);
        builder.HasIndex(s => s.EffectiveAt);

        builder.HasMany(s => s.Reviews).WithOne().HasForeignKey(r => r.SubprocessorId).OnDelete(DeleteBehavior.Cascade);
        builder.Navigation(s => s.Reviews).UsePropertyAccessMode(PropertyAccessMode.Field);
    }

    private static Microsoft.EntityFrameworkCore.Storage.ValueConversion.ValueConverter<T, string> ToJson<T>()
        where T : new() =>
        new(v => JsonSerializer.Serialize(v, Json), v => JsonSerializer.Deserialize<T>(v, Json) ?? new T());

    private static ValueComparer<List<T>> ListComparer<T>() =>
        new((a, b) => a!.SequenceEqual(b!), v => v.Aggregate(0, (h, x) => HashCode.Combine(h, x)), v => v.ToList());
}

internal sealed class SubprocessorReviewConfiguration : IEntityTypeConfiguration<SubprocessorReview>
{
    public void Configure(EntityTypeBuilder<SubprocessorReview> builder)
    {
        builder.ToTable("subprocessor_reviews");
        builder.HasKey(r => r.Id);
        builder.Property(r => r.Id).ValueGeneratedNever();
        builder.Property(r => r.Reviewer).HasMaxLength(SubprocessorReview.ReviewerMaxLength).IsRequired();
        builder.Property(r => r.Notes).HasMaxLength(SubprocessorReview.NotesMaxLength);
        builder.Property(r => r.Outcome).HasConversion<string>().HasMaxLength(32);
        builder.HasIndex(r => new { r.SubprocessorId, r.ReviewedOn });
    }
}

internal sealed class NoticeConfiguration : IEntityTypeConfiguration<Notice>
{
    public void Configure(EntityTypeBuilder<Notice> builder)
    {
        builder.ToTable("notices");
        builder.HasKey(n => n.Id);
        builder.Property(n => n.Id).ValueGeneratedNever();
        builder.Property(n => n.Kind).HasConversion<string>().HasMaxLength(24);
        builder.Property(n => n.Title).HasMaxLength(Notice.TitleMaxLength).IsRequired();
        builder.Property(n => n.Summary).HasMaxLength(Notice.SummaryMaxLength).IsRequired();

        // Notices from before deliveries were recorded reached nobody that the console knows of.
        builder.Property(n => n.Recipients).HasDefaultValue(0);
        builder.HasOne<Subprocessor>().WithMany().HasForeignKey(n => n.SubprocessorId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Model.AiModels.AiModel>().WithMany().HasForeignKey(n => n.AiModelId).OnDelete(DeleteBehavior.Restrict);

        // The feed lists the newest notices first.
        builder.HasIndex(n => n.PublishedAt);
    }
}

internal sealed class SubscriptionConfiguration : IEntityTypeConfiguration<Subscription>
{
    public void Configure(EntityTypeBuilder<Subscription> builder)
    {
        builder.ToTable("subscriptions");
        builder.HasKey(s => s.Id);
        builder.Property(s => s.Id).ValueGeneratedNever();
        builder.Property(s => s.Email).HasMaxLength(Subscription.EmailMaxLength).IsRequired();
        builder.Property(s => s.NormalizedEmail).HasMaxLength(Subscription.EmailMaxLength).IsRequired();
        builder.Property(s => s.Company).HasMaxLength(Subscription.CompanyMaxLength);
        builder.Property(s => s.Status).HasConversion<string>().HasMaxLength(16);
        builder.HasIndex(s => s.NormalizedEmail).IsUnique();
        builder.HasIndex(s => s.Status);
        builder.HasMany(s => s.Tokens).WithOne().HasForeignKey(t => t.SubscriptionId).OnDelete(DeleteBehavior.Cascade);
        builder.Navigation(s => s.Tokens).UsePropertyAccessMode(PropertyAccessMode.Field);
    }
}

internal sealed class SubscriptionTokenConfiguration : IEntityTypeConfiguration<SubscriptionToken>
{
    public void Configure(EntityTypeBuilder<SubscriptionToken> builder)
    {
        builder.ToTable("subscription_tokens");
        builder.HasKey(t => t.Id);
        builder.Property(t => t.Id).ValueGeneratedNever();
        builder.Property(t => t.Purpose).HasConversion<string>().HasMaxLength(16);
        builder.Property(t => t.Hash).HasMaxLength(64).IsFixedLength().IsRequired();

        // A link is looked up by its token's hash.
        builder.HasIndex(t => t.Hash).IsUnique();
    }
}

internal sealed class NoticeDeliveryConfiguration : IEntityTypeConfiguration<NoticeDelivery>
{
    public void Configure(EntityTypeBuilder<NoticeDelivery> builder)
    {
        builder.ToTable("notice_deliveries");
        builder.HasKey(d => new { d.NoticeId, d.SubscriptionId });
        builder.Property(d => d.Status).HasConversion<string>().HasMaxLength(16);
        builder.Property(d => d.LastError).HasMaxLength(NoticeDelivery.ErrorMaxLength);

        // A failed attempt is written only if nobody claimed the same delivery in between.
        builder.Property(d => d.Attempts).IsConcurrencyToken();
        builder.HasOne<Notice>().WithMany().HasForeignKey(d => d.NoticeId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Subscription>().WithMany().HasForeignKey(d => d.SubscriptionId).OnDelete(DeleteBehavior.Restrict);

        // The dispatcher takes what is due, oldest first.
        builder.HasIndex(d => new { d.Status, d.DueAt });
        builder.HasIndex(d => d.SubscriptionId);
    }
}

internal sealed class ObjectionConfiguration : IEntityTypeConfiguration<Objection>
{
    public void Configure(EntityTypeBuilder<Objection> builder)
    {
        builder.ToTable("objections");
        builder.HasKey(o => o.Id);
        builder.Property(o => o.Id).ValueGeneratedNever();
        builder.Property(o => o.Reason).HasMaxLength(Objection.ReasonMaxLength);
        builder.HasOne<Notice>().WithMany().HasForeignKey(o => o.NoticeId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Subprocessor>().WithMany().HasForeignKey(o => o.SubprocessorId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Subscription>().WithMany().HasForeignKey(o => o.SubscriptionId).OnDelete(DeleteBehavior.Restrict);

        // One objection per subscriber and notice: sending the form twice changes nothing.
        builder.HasIndex(o => new { o.NoticeId, o.SubscriptionId }).IsUnique();
        builder.HasIndex(o => new { o.SubprocessorId, o.CreatedAt });
    }
}
