using AdminConsole.Domain.Model.Workspaces;
using Microsoft.EntityFrameworkCore;

namespace AdminConsole.Domain.Persistence;

/// <summary>
/// The console's one model. Each database provider has a derived context of its own
/// (<see cref="SqliteConsoleDbContext"/>, <see cref="PostgresConsoleDbContext"/>) so that each keeps its
/// own migration set; everything else asks for this type.
/// </summary>
public abstract class ConsoleDbContext : DbContext
{
    protected ConsoleDbContext(DbContextOptions options)
        : base(options)
    {
    }

    public DbSet<Workspace> Workspaces => Set<Workspace>();

    public DbSet<Team> Teams => Set<Team>();

    public DbSet<Member> Members => Set<Member>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        ArgumentNullException.ThrowIfNull(modelBuilder);
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(ConsoleDbContext).Assembly);
    }
}
