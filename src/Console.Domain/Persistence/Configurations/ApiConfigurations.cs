using AdminConsole.Domain.Model.Api;
using AdminConsole.Domain.Model.Workspaces;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace AdminConsole.Domain.Persistence.Configurations;

internal sealed class ApiKeyConfiguration : IEntityTypeConfiguration<ApiKey>
{
    public void Configure(EntityTypeBuilder<ApiKey> builder)
    {
        builder.ToTable("api_keys");
        builder.HasKey(k => k.Id);
        builder.Property(k => k.Id).ValueGeneratedNever();
        builder.Property(k => k.KeyId).HasMaxLength(ApiKey.KeyIdLength).IsFixedLength().IsRequired();
        builder.Property(k => k.Name).HasMaxLength(ApiKey.NameMaxLength).IsRequired();
        builder.Property(k => k.Scopes).HasMaxLength(ApiKey.ScopesMaxLength).IsRequired();
        builder.Property(k => k.SecretHash).HasMaxLength(ApiKey.HashLength).IsFixedLength().IsRequired();
        builder.Property(k => k.CreatedBy).HasMaxLength(ApiKey.ByMaxLength).IsRequired();
        builder.Property(k => k.RevokedBy).HasMaxLength(ApiKey.ByMaxLength);
        builder.Ignore(k => k.ScopeList);
        builder.Ignore(k => k.IsRevoked);
        builder.HasOne<Workspace>().WithMany().HasForeignKey(k => k.WorkspaceId).OnDelete(DeleteBehavior.Restrict);

        // Every API request finds its key by the public key id in the secret.
        builder.HasIndex(k => k.KeyId).IsUnique();
        builder.HasIndex(k => new { k.WorkspaceId, k.CreatedAt });
    }
}

internal sealed class IdempotencyRecordConfiguration : IEntityTypeConfiguration<IdempotencyRecord>
{
    public void Configure(EntityTypeBuilder<IdempotencyRecord> builder)
    {
        builder.ToTable("idempotency_records");
        builder.HasKey(r => r.Id);
        builder.Property(r => r.Id).ValueGeneratedOnAdd();
        builder.Property(r => r.Key).HasMaxLength(IdempotencyRecord.KeyMaxLength).IsRequired();
        builder.Property(r => r.RequestHash).HasMaxLength(IdempotencyRecord.HashLength).IsFixedLength().IsRequired();
        builder.Property(r => r.ContentType).HasMaxLength(IdempotencyRecord.ContentTypeMaxLength);
        builder.HasOne<ApiKey>().WithMany().HasForeignKey(r => r.ApiKeyId).OnDelete(DeleteBehavior.Cascade);

        // One answer per key and Idempotency-Key: a second request racing the first fails its insert and replays.
        builder.HasIndex(r => new { r.ApiKeyId, r.Key }).IsUnique();
        builder.HasIndex(r => new { r.ApiKeyId, r.ExpiresAt });
    }
}
