using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace AdminConsole.Domain.Persistence.Configurations;

internal sealed class DataProtectionKeyConfiguration : IEntityTypeConfiguration<DataProtectionKey>
{
    public void Configure(EntityTypeBuilder<DataProtectionKey> builder)
    {
        builder.ToTable("data_protection_keys");
        builder.HasKey(k => k.Id);
        builder.Property(k => k.FriendlyName).HasMaxLength(200);
        builder.Property(k => k.Xml).IsRequired();
    }
}

internal sealed class SealedKeyConfiguration : IEntityTypeConfiguration<SealedKeyRecord>
{
    public void Configure(EntityTypeBuilder<SealedKeyRecord> builder)
    {
        builder.ToTable("sealed_keys");
        builder.HasKey(k => k.Purpose);
        builder.Property(k => k.Purpose).HasMaxLength(SealedKeyRecord.PurposeMaxLength);
        builder.Property(k => k.SealedKey).IsRequired();
    }
}
