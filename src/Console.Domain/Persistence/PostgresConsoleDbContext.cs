using Microsoft.EntityFrameworkCore;

namespace AdminConsole.Domain.Persistence;

public sealed class PostgresConsoleDbContext(DbContextOptions<PostgresConsoleDbContext> options) : ConsoleDbContext(options);
