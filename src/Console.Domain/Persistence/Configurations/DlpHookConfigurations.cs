using AdminConsole.Domain.Model.Dlp.Hooks;
using AdminConsole.Domain.Model.Workspaces;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace AdminConsole.Domain.Persistence.Configurations;

internal sealed class DlpHookConfiguration : IEntityTypeConfiguration<DlpHook>
{
    public void Configure(EntityTypeBuilder<DlpHook> builder)
    {
        builder.ToTable("dlp_hooks");
        builder.HasKey(h => h.Id);
        builder.Property(h => h.Id).ValueGeneratedNever();
        builder.Property(h => h.Name).HasMaxLength(DlpHook.NameMaxLength).IsRequired();
        builder.Property(h => h.Url).HasMaxLength(DlpHook.UrlMaxLength).IsRequired();
        builder.Property(h => h.Events).HasMaxLength(DlpHook.EventsMaxLength).IsRequired();
        builder.Property(h => h.SealedSecret).HasMaxLength(DlpHook.SealedSecretMaxLength).IsRequired();
        builder.Property(h => h.PreviousSealedSecret).HasMaxLength(DlpHook.SealedSecretMaxLength);
        builder.Property(h => h.DisabledReason).HasMaxLength(DlpHook.ReasonMaxLength);
        builder.Property(h => h.CreatedBy).HasMaxLength(DlpHook.ByMaxLength).IsRequired();
        builder.Ignore(h => h.EventList);
        builder.HasOne<Workspace>().WithMany().HasForeignKey(h => h.WorkspaceId).OnDelete(DeleteBehavior.Restrict);

        // An alert finds its workspace's enabled hooks.
        builder.HasIndex(h => new { h.WorkspaceId, h.Enabled });
    }
}

internal sealed class DlpHookDeliveryConfiguration : IEntityTypeConfiguration<DlpHookDelivery>
{
    public void Configure(EntityTypeBuilder<DlpHookDelivery> builder)
    {
        builder.ToTable("dlp_hook_deliveries");
        builder.HasKey(d => d.Id);
        builder.Property(d => d.Id).ValueGeneratedNever();
        builder.Property(d => d.MessageId).HasMaxLength(DlpHookDelivery.MessageIdLength).IsFixedLength().IsRequired();
        builder.Property(d => d.EventType).HasMaxLength(DlpHookDelivery.EventTypeMaxLength).IsRequired();
        builder.Property(d => d.Body).IsRequired();
        builder.Property(d => d.Status).HasConversion<string>().HasMaxLength(16);
        builder.Property(d => d.LastError).HasMaxLength(DlpHookDelivery.ErrorMaxLength);

        // An outcome is written only by the dispatcher that still holds the claim.
        builder.Property(d => d.ClaimToken).IsConcurrencyToken();

        // Deleting a hook deletes what was still queued for it; the audit log keeps that it existed.
        builder.HasOne<DlpHook>().WithMany().HasForeignKey(d => d.HookId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(d => d.MessageId).IsUnique();

        // The dispatcher takes what is due, oldest first; the console lists a hook's deliveries and a workspace's dead letters.
        builder.HasIndex(d => new { d.Status, d.NextAttemptAt });
        builder.HasIndex(d => new { d.HookId, d.CreatedAt });
        builder.HasIndex(d => new { d.WorkspaceId, d.Status, d.CreatedAt });
    }
}
