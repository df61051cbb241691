using AdminConsole.Domain.Model.Subprocessors;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace AdminConsole.Domain.Persistence.Configurations;

internal sealed class ReminderConfiguration : IEntityTypeConfiguration<Reminder>
{
    public void Configure(EntityTypeBuilder<Reminder> builder)
    {
        builder.ToTable("reminders");
        builder.HasKey(r => r.Id);
        builder.Property(r => r.Id).ValueGeneratedNever();
        builder.Property(r => r.Kind).HasConversion<string>().HasMaxLength(32);
        builder.Property(r => r.Subject).HasMaxLength(Reminder.SubjectMaxLength).IsRequired();
        builder.Ignore(r => r.Occurrence);
        builder.Ignore(r => r.Title);
        builder.HasOne<Subprocessor>().WithMany().HasForeignKey(r => r.SubprocessorId).OnDelete(DeleteBehavior.Restrict);

        // Each occurrence is reminded once, however many runs (or nodes) find it at the same time.
        builder.HasIndex(r => new { r.SubprocessorId, r.Kind, r.Subject, r.DueOn }).IsUnique();

        // The job looks for the ones still waiting to be sent.
        builder.HasIndex(r => r.SentAt);
    }
}
