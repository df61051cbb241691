using System.Buffers.Text;
using System.Security.Cryptography;
using AdminConsole.Domain.Model.Subprocessors;
using AdminConsole.Domain.Persistence;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;

namespace AdminConsole.Jobs.Notices;

/// <summary>
/// Signs and checks the links in notice mails: a link carries what it stands for (<see cref="NoticeLink"/>) and an
/// HMAC-SHA256 of it under a key of the console's own, so a notice to 100,000 subscribers writes no row per
/// message, and changing one character makes a link worthless. The key is made once, kept in the database
/// sealed by Data Protection (the key ring every node shares), and held in memory after its first use.
/// </summary>
public sealed class NoticeLinks(IDataProtectionProvider provider, IDbContextFactory<ConsoleDbContext> dbFactory)
{
    /// <summary>Longer tokens are refused before any work: a link's token is 98 characters.</summary>
    public const int TokenMaxLength = 200;

    private const string Purpose = "notice-links.v1";
    private const int MacLength = 32;

    private readonly IDataProtector _sealer = provider.CreateProtector("AdminConsole.SealedKey");
    private Task<byte[]>? _loading;
    private byte[]? _key;

    /// <summary>
    /// Loads (or on first use makes) the key. A caller that issues links inside a transaction does this first: on
    /// SQLite, making the key while another connection holds the write lock would wait for that very transaction.
    /// </summary>
    public async Task PrepareAsync(CancellationToken cancellationToken) => await KeyAsync().WaitAsync(cancellationToken).ConfigureAwait(false);

    /// <summary>A new link for one delivery attempt: the token to put in the mail.</summary>
    public async ValueTask<string> IssueAsync(Guid noticeId, Guid subscriptionId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var key = _key ?? await KeyAsync().WaitAsync(cancellationToken).ConfigureAwait(false);
        var payload = NoticeLink.Issue(noticeId, subscriptionId, now).ToPayload();
        var token = new byte[payload.Length + MacLength];
        payload.CopyTo(token, 0);
        HMACSHA256.HashData(key, payload, token.AsSpan(payload.Length));
        return Base64Url.EncodeToString(token);
    }

    /// <summary>What the token stands for while it works; null for a missing, forged, altered or expired one alike.</summary>
    public async ValueTask<NoticeLink?> ReadAsync(string? token, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(token) || token.Length > TokenMaxLength || !Base64Url.IsValid(token))
            return null;
        var bytes = Base64Url.DecodeFromChars(token);

        // Only the one spelling the console wrote: a changed padding bit in the last character is a changed link too.
        if (bytes.Length <= MacLength || !string.Equals(Base64Url.EncodeToString(bytes), token, StringComparison.Ordinal))
            return null;
        var key = _key ?? await KeyAsync().WaitAsync(cancellationToken).ConfigureAwait(false);
        var payload = bytes.AsSpan(0, bytes.Length - MacLength);
        Span<byte> expected = stackalloc byte[MacLength];
        HMACSHA256.HashData(key, payload, expected);
        if (!CryptographicOperations.FixedTimeEquals(expected, bytes.AsSpan(bytes.Length - MacLength)))
            return null;
        var link = NoticeLink.FromPayload(payload);
        return link is not null && link.IsUsable(now) ? link : null;
    }

    /// <summary>One load at a time for every caller; a failed load is tried again by the next caller.</summary>
    private Task<byte[]> KeyAsync()
    {
        var loading = Volatile.Read(ref _loading);
        if (loading is null || loading.IsFaulted || loading.IsCanceled)
        {
            var fresh = LoadKeyAsync();
            loading = Interlocked.CompareExchange(ref _loading, fresh, loading) == loading ? fresh : Volatile.Read(ref _loading)!;
        }

        return loading;
    }

    private async Task<byte[]> LoadKeyAsync()
    {
        var sealedKey = await ReadSealedAsync().ConfigureAwait(false);
        if (sealedKey is null)
        {
            DbUpdateException? lost = null;
            try
            {
                await using var db = await dbFactory.CreateDbContextAsync().ConfigureAwait(false);
                db.SealedKeys.Add(new SealedKeyRecord
                {
                    Purpose = Purpose,
                    SealedKey = Convert.ToBase64String(_sealer.Protect(RandomNumberGenerator.GetBytes(32))),
                    CreatedAt = DateTimeOffset.UtcNow,
                });
                await db.SaveChangesAsync().ConfigureAwait(false);
            }
            catch (DbUpdateException ex)
            {
                // Another node made the key first: use that one.
                lost = ex;
            }

            sealedKey = await ReadSealedAsync().ConfigureAwait(false)
                ?? throw new InvalidOperationException("The notice link key could not be stored.", lost);
        }

        try
        {
            return _key = _sealer.Unprotect(Convert.FromBase64String(sealedKey));
        }
        catch (CryptographicException ex)
        {
            throw new InvalidOperationException(
                "The notice link key cannot be unsealed: the Data Protection key that sealed it is not in this node's key ring. " +
                "Restore the key ring (data_protection_keys) or, to issue new links and void every link sent so far, delete the notice-links row of sealed_keys.", ex);
        }
    }

    private async Task<string?> ReadSealedAsync()
    {
        await using var db = await dbFactory.CreateDbContextAsync().ConfigureAwait(false);
        return await db.SealedKeys.AsNoTracking().Where(k => k.Purpose == Purpose).Select(k => k.SealedKey).SingleOrDefaultAsync().ConfigureAwait(false);
    }
}
