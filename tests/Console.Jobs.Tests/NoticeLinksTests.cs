using AdminConsole.Domain.Model.Subprocessors;
using AdminConsole.Domain.Persistence;
using AdminConsole.Jobs.Notices;
using AdminConsole.TestSupport;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;

namespace AdminConsole.Jobs.Tests;

/// <summary>The links in notice mails: signed, so that no character of one can be changed, and dead after their lifetime.</summary>
public class NoticeLinksTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 1, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task ALink_ReadsBackAsItsNoticeAndSubscriber_UntilItsLifetimeEnds()
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await database.MigrateAsync();
        var keyRing = new EphemeralDataProtectionProvider();
        var (notice, subscription) = (Guid.NewGuid(), Guid.NewGuid());

        var token = await new NoticeLinks(keyRing, database.CreateFactory()).IssueAsync(notice, subscription, Now, CancellationToken.None);

        // Another node (same database, same key ring) reads it: the key is shared through the database.
        var links = new NoticeLinks(keyRing, database.CreateFactory());
        Assert.Equal(new NoticeLink(notice, subscription, Now + NoticeLink.Lifetime), await links.ReadAsync(token, Now.AddDays(399), CancellationToken.None));
        Assert.Null(await links.ReadAsync(token, Now + NoticeLink.Lifetime, CancellationToken.None));
        Assert.True(token.Length <= NoticeLinks.TokenMaxLength);
        await using var db = database.CreateContext();
        var stored = await db.SealedKeys.SingleAsync();
        Assert.DoesNotContain(token, stored.SealedKey, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ChangingAnyCharacter_OrSigningWithAnotherKey_MakesTheLinkWorthless()
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await database.MigrateAsync();
        var links = new NoticeLinks(new EphemeralDataProtectionProvider(), database.CreateFactory());
        var token = await links.IssueAsync(Guid.NewGuid(), Guid.NewGuid(), Now, CancellationToken.None);
        const string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

        for (var i = 0; i < token.Length; i++)
        {
            var changed = token[..i] + alphabet[(alphabet.IndexOf(token[i], StringComparison.Ordinal) + 1) % alphabet.Length] + token[(i + 1)..];
            Assert.Null(await links.ReadAsync(changed, Now, CancellationToken.None));
        }

        Assert.Null(await links.ReadAsync(token[..^1], Now, CancellationToken.None));
        Assert.Null(await links.ReadAsync(token + "A", Now, CancellationToken.None));
        Assert.Null(await links.ReadAsync("not a token!", Now, CancellationToken.None));
        Assert.Null(await links.ReadAsync(new string('A', 5000), Now, CancellationToken.None));
        Assert.Null(await links.ReadAsync(null, Now, CancellationToken.None));

        await using var other = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await other.MigrateAsync();
        var foreign = await new NoticeLinks(new EphemeralDataProtectionProvider(), other.CreateFactory()).IssueAsync(Guid.NewGuid(), Guid.NewGuid(), Now, CancellationToken.None);
        Assert.Null(await links.ReadAsync(foreign, Now, CancellationToken.None));
    }

    [Fact]
    public async Task AKeyRingThatLostTheSealingKey_SaysSo_InsteadOfIssuingLinksNobodyCanCheck()
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await database.MigrateAsync();
        await new NoticeLinks(new EphemeralDataProtectionProvider(), database.CreateFactory()).IssueAsync(Guid.NewGuid(), Guid.NewGuid(), Now, CancellationToken.None);

        var stranger = new NoticeLinks(new EphemeralDataProtectionProvider(), database.CreateFactory());
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => stranger.PrepareAsync(CancellationToken.None));

        Assert.Contains("cannot be unsealed", error.Message, StringComparison.Ordinal);
    }
}
