using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace AdminConsole.Domain.Persistence;

/// <summary>
/// Lets SQLite itself wait for its write lock on every connection the console opens (<c>PRAGMA busy_timeout</c>).
/// Without it the SQLite driver retries a locked statement after 150 ms, so a short write of the UI made the
/// retention purge's next range wait 150 ms, and the purge's ranges made a UI write wait in steps of 150 ms;
/// SQLite's own handler retries after 1, 2, 5, 10 … ms and catches the gap between two transactions.
/// </summary>
internal sealed class SqliteLockWait : DbConnectionInterceptor
{
    public static readonly SqliteLockWait Instance = new();

    /// <summary>As long as the driver's own default command timeout.</summary>
    private const string Pragma = "PRAGMA busy_timeout = 30000;";

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData)
    {
        using var command = connection.CreateCommand();
        command.CommandText = Pragma;
        command.ExecuteNonQuery();
    }

    public override async Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        var command = connection.CreateCommand();
        await using (command.ConfigureAwait(false))
        {
            command.CommandText = Pragma;
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
    }
}
