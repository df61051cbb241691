using System.Diagnostics;
using System.Text;
using AdminConsole.Domain.Persistence;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace AdminConsole.TestSupport;

/// <summary>
/// Everything a reader of the database gets: <c>pg_dump</c>'s output for PostgreSQL, the raw bytes of the SQLite
/// file and its write-ahead log (free pages included) — for tests that a value never reached the database.
/// </summary>
public static class DatabaseDump
{
    /// <summary>The dump as text; bytes are read one character each, so any ASCII value in them is found as it is.</summary>
    public static async Task<string> ReadAsync(TestDatabase database)
    {
        ArgumentNullException.ThrowIfNull(database);
        if (database.Provider == DatabaseProvider.Sqlite)
        {
            SqliteConnection.ClearAllPools();
            var file = new SqliteConnectionStringBuilder(database.ConnectionString).DataSource;
            var text = new StringBuilder();
            foreach (var path in new[] { file, file + "-wal" })
            {
                if (File.Exists(path))
                    text.Append(Encoding.Latin1.GetString(await File.ReadAllBytesAsync(path)));
            }

            return text.ToString();
        }

        var connection = new NpgsqlConnectionStringBuilder(database.ConnectionString);
        var start = new ProcessStartInfo(PgDump()) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in new[] { "-h", connection.Host!, "-p", connection.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "-U", connection.Username!, "-d", connection.Database! })
            start.ArgumentList.Add(argument);
        if (connection.Password is { Length: > 0 } password)
            start.Environment["PGPASSWORD"] = password;
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(2));
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"pg_dump failed ({process.ExitCode}): {await stderr}");
        return await stdout;
    }

    /// <summary>The server's own pg_dump (a client older than the server refuses to dump it).</summary>
    private static string PgDump()
    {
        var installed = Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql")
                .Select(d => Path.Combine(d, "bin", "pg_dump"))
                .Where(File.Exists)
                .OrderByDescending(p => int.TryParse(Path.GetFileName(Path.GetDirectoryName(Path.GetDirectoryName(p))), out var v) ? v : 0)
                .FirstOrDefault()
            : null;
        return installed ?? "pg_dump";
    }
}
