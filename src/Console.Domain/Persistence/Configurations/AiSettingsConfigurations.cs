using System.Text.Json;
using AdminConsole.Domain.Model.AiSettings;
using AdminConsole.Domain.Model.Workspaces;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace AdminConsole.Domain.Persistence.Configurations;

internal sealed class WorkspaceAiSettingsConfiguration : IEntityTypeConfiguration<WorkspaceAiSettings>
{
    public void Configure(EntityTypeBuilder<WorkspaceAiSettings> builder)
    {
        builder.ToTable("workspace_ai_settings");
        builder.HasKey(s => s.WorkspaceId);
        builder.Property(s => s.WorkspaceId).ValueGeneratedNever();
        builder.HasOne<Workspace>().WithOne().HasForeignKey<WorkspaceAiSettings>(s => s.WorkspaceId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Model.Subprocessors.Subprocessor>().WithMany().HasForeignKey(s => s.ProviderId).OnDelete(DeleteBehavior.Restrict);
        builder.Property(s => s.DataMode).HasConversion<string>().HasMaxLength(16);
        builder.Property(s => s.UpdatedBy).HasMaxLength(WorkspaceAiSettings.UpdatedByMaxLength).IsRequired();
        builder.Ignore(s => s.Features);

        // The models chosen per feature and the fallback: models are never deleted, only retired (and then replaced here).
        builder.Ignore(s => s.ChosenModels);
        foreach (var model in new System.Linq.Expressions.Expression<Func<WorkspaceAiSettings, object?>>[]
                 { s => s.WorkspaceSearchModelId, s => s.WebSearchModelId, s => s.ConnectedAppsModelId, s => s.RunSqlModelId, s => s.FallbackModelId })
            builder.HasOne<Model.AiModels.AiModel>().WithMany().HasForeignKey(model).OnDelete(DeleteBehavior.Restrict);

        // Two admins saving at once: the second save is refused instead of silently replacing the first.
        builder.Property(s => s.Version).IsConcurrencyToken();

        builder.HasMany(s => s.Integrations).WithOne().HasForeignKey(i => i.WorkspaceId).OnDelete(DeleteBehavior.Cascade);
        builder.Navigation(s => s.Integrations).UsePropertyAccessMode(PropertyAccessMode.Field);
    }
}

internal sealed class IntegrationConfiguration : IEntityTypeConfiguration<Integration>
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public void Configure(EntityTypeBuilder<Integration> builder)
    {
        builder.ToTable("ai_integrations");
        builder.HasKey(i => i.Id);
        builder.Property(i => i.Id).ValueGeneratedNever();
        builder.Property(i => i.Name).HasMaxLength(Integration.NameMaxLength).IsRequired();
        builder.Property(i => i.Kind).HasConversion<string>().HasMaxLength(16);
        builder.HasIndex(i => new { i.WorkspaceId, i.Name }).IsUnique();
        builder.Property(i => i.AllowedRoles)
            .HasConversion(
                new ValueConverter<List<MemberRole>, string>(v => JsonSerializer.Serialize(v.Select(r => r.ToString()).ToList(), Json), v => Roles(v)),
                ListComparer<MemberRole>())
            .HasColumnType("text");
        builder.Property(i => i.AllowedTeamIds)
            .HasConversion(
                new ValueConverter<List<Guid>, string>(v => JsonSerializer.Serialize(v, Json), v => JsonSerializer.Deserialize<List<Guid>>(v, Json) ?? new List<Guid>()),
                ListComparer<Guid>())
            .HasColumnType("text");
    }

    private static List<MemberRole> Roles(string json) =>
        (JsonSerializer.Deserialize<List<string>>(json, Json) ?? []).Select(Enum.Parse<MemberRole>).ToList();

    private static ValueComparer<List<T>> ListComparer<T>() =>
        new((a, b) => a!.SequenceEqual(b!), v => v.Aggregate(0, (h, x) => HashCode.Combine(h, x)), v => v.ToList());
}

internal sealed class AiSettingsVersionConfiguration : IEntityTypeConfiguration<AiSettingsVersion>
{
    public void Configure(EntityTypeBuilder<AiSettingsVersion> builder)
    {
        builder.ToTable("ai_settings_versions");
        builder.HasKey(v => new { v.WorkspaceId, v.Version });
        builder.Property(v => v.Action).HasMaxLength(AiSettingsVersion.ActionMaxLength).IsRequired();
        builder.Property(v => v.ChangedBy).HasMaxLength(AiSettingsVersion.ChangedByMaxLength).IsRequired();
        builder.Property(v => v.Snapshot).HasColumnType("text").IsRequired();
        builder.HasOne<Workspace>().WithMany().HasForeignKey(v => v.WorkspaceId).OnDelete(DeleteBehavior.Cascade);
    }
}
