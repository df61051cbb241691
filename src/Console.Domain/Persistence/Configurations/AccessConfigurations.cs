using AdminConsole.Domain.Model.Access;
using AdminConsole.Domain.Model.Workspaces;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace AdminConsole.Domain.Persistence.Configurations;

internal sealed class ConsoleUserConfiguration : IEntityTypeConfiguration<ConsoleUser>
{
    public void Configure(EntityTypeBuilder<ConsoleUser> builder)
    {
        builder.ToTable("users");
        builder.HasKey(u => u.ObjectId);
        builder.Property(u => u.ObjectId).ValueGeneratedNever();
        builder.Property(u => u.DisplayName).HasMaxLength(ConsoleUser.DisplayNameMaxLength).IsRequired();
        builder.Property(u => u.Email).HasMaxLength(ConsoleUser.EmailMaxLength).IsRequired();
        builder.Property(u => u.Roles).HasMaxLength(ConsoleUser.RolesMaxLength).IsRequired();
        builder.Ignore(u => u.RoleList);
        builder.HasIndex(u => u.LastSignInAt);
    }
}

internal sealed class UserSessionConfiguration : IEntityTypeConfiguration<UserSession>
{
    public void Configure(EntityTypeBuilder<UserSession> builder)
    {
        builder.ToTable("user_sessions");
        builder.HasKey(s => s.Id);
        builder.Property(s => s.Id).HasMaxLength(UserSession.IdLength).ValueGeneratedNever();
        builder.HasIndex(s => s.UserObjectId);
        builder.HasIndex(s => s.ExpiresAt);
    }
}

internal sealed class WorkspaceAdministratorConfiguration : IEntityTypeConfiguration<WorkspaceAdministrator>
{
    public void Configure(EntityTypeBuilder<WorkspaceAdministrator> builder)
    {
        builder.ToTable("workspace_administrators");
        builder.HasKey(a => new { a.WorkspaceId, a.UserObjectId });

        // Workspace scoping asks "which workspaces does this user administer?" on every page.
        builder.HasIndex(a => a.UserObjectId);
    }
}
