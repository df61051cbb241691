using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Npgsql;

namespace AdminConsole.Jobs.Hosting;

/// <summary>
/// Keeps runs of one job from overlapping: a run waits for the run before it, whichever node runs it. Taken before a
/// run is recorded, so a run that waits is not mistaken for one that died.
/// </summary>
public interface IJobRunLock
{
    /// <summary>Waits until no other run of <paramref name="job"/> is going, and holds that until disposed.</summary>
    ValueTask<IAsyncDisposable> AcquireAsync(string job, CancellationToken cancellationToken);
}

/// <summary>
/// On PostgreSQL: a session advisory lock, held on a connection of its own for as long as the run lasts. It is the
/// connection's, not a row with a timeout: it lasts however long a purge takes, and it ends the moment its node does
/// (the server drops a dead client's session), so a survivor waits for no timeout before it takes the work over.
/// </summary>
public sealed class PostgresJobRunLock(string connectionString) : IJobRunLock
{
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(250);

    public async ValueTask<IAsyncDisposable> AcquireAsync(string job, CancellationToken cancellationToken)
    {
        // Pooling off: the lock ends with this connection, never with a pooled one's reset.
        var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false, ApplicationName = "adminconsole-job-lock" }.ConnectionString);
        try
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            var key = Key(job);
            await using var command = new NpgsqlCommand("SELECT pg_try_advisory_lock(@key)", connection);
            command.Parameters.AddWithValue("key", key);
            while (!(bool)(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!)
                await Task.Delay(Poll, cancellationToken).ConfigureAwait(false);
            return new Held(connection, key);
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>The lock's key: the first eight bytes of a hash over the job's name, in a space of the console's own.</summary>
    public static long Key(string job) =>
        BitConverter.ToInt64(SHA256.HashData(Encoding.UTF8.GetBytes("adminconsole:job-run:" + job)), 0);

    private sealed class Held(NpgsqlConnection connection, long key) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            try
            {
                await using var command = new NpgsqlCommand("SELECT pg_advisory_unlock(@key)", connection);
                command.Parameters.AddWithValue("key", key);
                await command.ExecuteScalarAsync(CancellationToken.None).ConfigureAwait(false);
            }
            catch (NpgsqlException)
            {
                // The connection is gone, and the lock with it.
            }
            finally
            {
                await connection.DisposeAsync().ConfigureAwait(false);
            }
        }
    }
}

/// <summary>The embedded default is one process: a semaphore per job.</summary>
public sealed class InProcessJobRunLock : IJobRunLock
{
    private readonly ConcurrentDictionary<string, SemaphoreSlim> _locks = new(StringComparer.Ordinal);

    public async ValueTask<IAsyncDisposable> AcquireAsync(string job, CancellationToken cancellationToken)
    {
        var semaphore = _locks.GetOrAdd(job, _ => new SemaphoreSlim(1, 1));
        await semaphore.WaitAsync(cancellationToken).ConfigureAwait(false);
        return new Held(semaphore);
    }

    private sealed class Held(SemaphoreSlim semaphore) : IAsyncDisposable
    {
        private int _released;

        public ValueTask DisposeAsync()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
                semaphore.Release();
            return ValueTask.CompletedTask;
        }
    }
}
