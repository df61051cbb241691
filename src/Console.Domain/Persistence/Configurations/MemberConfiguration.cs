using AdminConsole.Domain.Model.Workspaces;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace AdminConsole.Domain.Persistence.Configurations;

internal sealed class MemberConfiguration : IEntityTypeConfiguration<Member>
{
    public void Configure(EntityTypeBuilder<Member> builder)
    {
        builder.ToTable("members");
        builder.HasKey(m => m.Id);
        builder.Property(m => m.Id).ValueGeneratedNever();
        builder.Property(m => m.DisplayName).HasMaxLength(Member.DisplayNameMaxLength).IsRequired();
        builder.Property(m => m.Email).HasMaxLength(Member.EmailMaxLength).IsRequired();

        // Members who joined before roles existed are plain members.
        builder.Property(m => m.Role).HasConversion<string>().HasMaxLength(16).HasDefaultValue(MemberRole.Member).HasSentinel((MemberRole)(-1));

        // Workspace scoping looks members up by the signed-in user's oid.
        builder.HasIndex(m => m.UserObjectId);
        builder.HasIndex(m => new { m.WorkspaceId, m.UserObjectId }).IsUnique();

        builder.HasMany(m => m.Teams)
            .WithMany()
            .UsingEntity(
                "team_members",
                r => r.HasOne(typeof(Team)).WithMany().HasForeignKey("TeamId").OnDelete(DeleteBehavior.Cascade),
                l => l.HasOne(typeof(Member)).WithMany().HasForeignKey("MemberId").OnDelete(DeleteBehavior.Cascade));
        builder.Navigation(m => m.Teams).UsePropertyAccessMode(PropertyAccessMode.Field);
    }
}
