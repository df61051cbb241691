using AdminConsole.Domain.Model.Lifecycle;
using Microsoft.EntityFrameworkCore;

namespace AdminConsole.Domain.Persistence;

public sealed class PostgresConsoleDbContext(DbContextOptions<PostgresConsoleDbContext> options) : ConsoleDbContext(options)
{
    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        base.OnModelCreating(modelBuilder);

        // Retention enforcement's key-range delete reads each plan's workspaces' slice of a key range from these, with
        // the creation time checked in the index, so that only the heap rows that are due are visited (on SQLite,
        // which reads the range in key order, the extra index would only slow every write).
        modelBuilder.Entity<PromptLog>().HasIndex(p => new { p.WorkspaceId, p.Id, p.CreatedAt });
        modelBuilder.Entity<AiOutput>().HasIndex(o => new { o.WorkspaceId, o.Id, o.CreatedAt });
        modelBuilder.Entity<ProviderRequest>().HasIndex(r => new { r.WorkspaceId, r.Id, r.CreatedAt });
    }
}
