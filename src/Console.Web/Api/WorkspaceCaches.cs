using System.Collections.Concurrent;
using AdminConsole.Domain.Commands;
using AdminConsole.Domain.Model.AiSettings;
using AdminConsole.Domain.Model.Api;
using AdminConsole.Domain.Model.Dlp;
using AdminConsole.Domain.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Primitives;

namespace AdminConsole.Web.Api;

/// <summary>One cached question to the effective-policy API.</summary>
internal sealed record AiPolicyKey(Guid WorkspaceId, Guid? User, AiFeature? Feature, Guid? Team, string? Integration);

/// <summary>What a cache of derived answers per workspace offers the <see cref="WorkspaceCacheInvalidator"/>.</summary>
internal interface IWorkspaceCache
{
    void Invalidate(Guid workspaceId);

    void InvalidateAll();
}

/// <summary>
/// Answers derived from a workspace's state, held by this node. A change made on this node drops the workspace's
/// answers at once (<see cref="CommittedChangesInterceptor"/>); a change made on another node within
/// <see cref="WorkspaceCacheInvalidator.Interval"/>. An answer computed while a change was committing is stored
/// already expired, so a stale answer is never kept.
/// </summary>
internal abstract class WorkspaceCache<TKey, TValue> : IWorkspaceCache, IWorkspaceChangeListener, IDisposable
    where TKey : notnull
    where TValue : class
{
    /// <summary>A safety net only: every change the answers depend on drops them long before.</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(5);

    private readonly MemoryCache _answers;
    private readonly ConcurrentDictionary<Guid, CancellationTokenSource> _workspaces = new();
    private CancellationTokenSource _all = new();

    protected WorkspaceCache(int maxEntries) => _answers = new MemoryCache(new MemoryCacheOptions { SizeLimit = maxEntries });

    /// <summary>Taken before the answer is computed: the answer is stored only while nothing it read has changed since.</summary>
    internal readonly record struct Stamp(CancellationToken Workspace, CancellationToken All);

    public bool TryGet(TKey key, out TValue? answer) => _answers.TryGetValue(key, out answer);

    public Stamp StampFor(Guid workspaceId) => new(_workspaces.GetOrAdd(workspaceId, _ => new CancellationTokenSource()).Token, Volatile.Read(ref _all).Token);

    public void Set(TKey key, TValue answer, Stamp stamp)
    {
        var options = new MemoryCacheEntryOptions { Size = 1, AbsoluteExpirationRelativeToNow = Lifetime };
        options.ExpirationTokens.Add(new CancellationChangeToken(stamp.Workspace));
        options.ExpirationTokens.Add(new CancellationChangeToken(stamp.All));
        _answers.Set(key, answer, options);
    }

    /// <summary>Drops every answer of the workspace (and fails the stamps taken for it).</summary>
    public void Invalidate(Guid workspaceId)
    {
        if (_workspaces.TryRemove(workspaceId, out var source))
            source.Cancel();
    }

    /// <summary>Drops every answer: after a change that concerns all workspaces (a subprocessor, a plan's retention terms).</summary>
    public void InvalidateAll() => Interlocked.Exchange(ref _all, new CancellationTokenSource()).Cancel();

    void IWorkspaceChangeListener.Changed(Guid workspaceId) => Invalidate(workspaceId);

    void IWorkspaceChangeListener.ChangedAll() => InvalidateAll();

    public void Dispose()
    {
        _answers.Dispose();
        _all.Dispose();
        GC.SuppressFinalize(this);
    }
}

/// <summary>The effective-policy answers of this node, per workspace, as the JSON they are answered with.</summary>
internal sealed class AiPolicyCache() : WorkspaceCache<AiPolicyKey, byte[]>(MaxEntries)
{
    public const int MaxEntries = 20_000;
}

/// <summary>
/// The API keys this node checked, by key id, so that a request is checked without a query. A key is dropped with
/// its workspace: revoking it on this node drops it at once, on another node within a second (the revocation is
/// audited). Unknown key ids are not kept, so a key issued anywhere works on its first request.
/// </summary>
internal sealed class ApiKeyCache() : WorkspaceCache<string, CachedApiKey>(MaxEntries)
{
    public const int MaxEntries = 10_000;
}

/// <summary>Each workspace's DLP detectors, compiled once: a change to them drops the workspace's entry.</summary>
internal sealed class DlpScanOptionsCache() : WorkspaceCache<Guid, DlpScanOptions>(MaxEntries)
{
    public const int MaxEntries = 10_000;
}

/// <summary>A checked key and when this node last recorded its use (written at most once a minute).</summary>
internal sealed class CachedApiKey(ApiKey key)
{
    private long _recordedTicks = key.LastUsedAt?.UtcTicks ?? 0;

    public ApiKey Key { get; } = key;

    /// <summary>True for the one request per <see cref="ApiKey.LastUsedResolution"/> that is to write the use.</summary>
    public bool ClaimUseRecording(DateTimeOffset now)
    {
        var recorded = Interlocked.Read(ref _recordedTicks);
        return now.UtcTicks - recorded >= ApiKey.LastUsedResolution.Ticks
            && Interlocked.CompareExchange(ref _recordedTicks, now.UtcTicks, recorded) == recorded;
    }
}

/// <summary>
/// Keeps this node's workspace caches (policy answers, API keys) in step with changes made on any node. Every change an answer depends on (AI
/// settings, plan, members and teams, subprocessors, retention terms) is written with an audit entry in the same
/// transaction, so the audit chain's head is a change sequence for the whole console: a read of that one row every
/// <see cref="Interval"/>, and when it moved, the workspaces the new entries name are dropped (all of them for an
/// entry that names none).
/// </summary>
internal sealed partial class WorkspaceCacheInvalidator(IDbContextFactory<ConsoleDbContext> dbFactory, IEnumerable<IWorkspaceCache> caches, ILogger<WorkspaceCacheInvalidator> logger)
    : BackgroundService
{
    /// <summary>Changes on another node are seen within this (plus one query); the published bound is 1 s.</summary>
    public static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(250);

    /// <summary>More changed workspaces than this in one interval: dropping everything is cheaper than naming them.</summary>
    private const int MaxNamed = 500;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        long? seen = null;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                seen = await CheckAsync(seen, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
#pragma warning disable CA1031 // the database may be away for a while; the loop must outlive that
            catch (Exception ex)
#pragma warning restore CA1031
            {
                // Whatever changed meanwhile is unknown: drop everything and start again from the head.
                InvalidateAll();
                seen = null;
                LogCheckFailed(logger, ex);
            }

            try
            {
                await Task.Delay(Interval, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private async Task<long> CheckAsync(long? seen, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        var head = await db.AuditChainHeads.AsNoTracking().Select(h => h.Sequence).SingleAsync(cancellationToken).ConfigureAwait(false);
        if (seen is not { } last)
        {
            // Answers may have been cached before the first read: they cannot be matched to a sequence. The query of
            // changed workspaces runs once over nothing, so that the first real change is not slowed by its compilation.
            InvalidateAll();
            await ChangedWorkspacesAsync(db, head, head, cancellationToken).ConfigureAwait(false);
            return head;
        }

        if (head <= last)
            return last;
        var changed = await ChangedWorkspacesAsync(db, last, head, cancellationToken).ConfigureAwait(false);
        if (changed.Count > MaxNamed || changed.Any(w => w is null))
        {
            InvalidateAll();
        }
        else
        {
            foreach (var cache in caches)
            {
                foreach (var workspace in changed)
                    cache.Invalidate(workspace!.Value);
            }
        }

        return head;
    }

    /// <summary>The workspaces the audit entries after <paramref name="last"/> up to <paramref name="head"/> name (null for an entry that names none).</summary>
    private static Task<List<Guid?>> ChangedWorkspacesAsync(ConsoleDbContext db, long last, long head, CancellationToken cancellationToken) =>
        db.AuditEntries.AsNoTracking().Where(e => e.Sequence > last && e.Sequence <= head)
            .Select(e => e.WorkspaceId).Distinct().OrderBy(w => w).Take(MaxNamed + 1)
            .ToListAsync(cancellationToken);

    private void InvalidateAll()
    {
        foreach (var cache in caches)
            cache.InvalidateAll();
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not check for changes made on other nodes; every cached policy answer and API key was dropped")]
    private static partial void LogCheckFailed(ILogger logger, Exception exception);
}
