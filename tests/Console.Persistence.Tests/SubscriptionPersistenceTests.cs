using AdminConsole.Domain.Model.Subprocessors;
using AdminConsole.Domain.Persistence;
using AdminConsole.TestSupport;
using Microsoft.EntityFrameworkCore;

namespace AdminConsole.Persistence.Tests;

public class SubscriptionPersistenceTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 1, 9, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task Subscription_ConfirmedFromTheStoredHash_AfterAReload(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await database.MigrateAsync();
        var (subscription, token) = Subscription.Request("grace@example.com", "Navy", Now);
        await using (var db = database.CreateContext())
        {
            db.Subscriptions.Add(subscription);
            await db.SaveChangesAsync();
        }

        await using (var db = database.CreateContext())
        {
            // A confirmation link is found by its token's hash alone.
            var hash = Subscription.Hash(token);
            var stored = await db.SubscriptionTokens.SingleAsync(t => t.Hash == hash);
            var loaded = await db.Subscriptions.Include(s => s.Tokens).SingleAsync(s => s.Id == stored.SubscriptionId);
            loaded.Confirm(token, Now.AddHours(1));
            await db.SaveChangesAsync();
        }

        await using var check = database.CreateContext();
        var confirmed = await check.Subscriptions.Include(s => s.Tokens).SingleAsync();
        Assert.Equal(SubscriptionStatus.Confirmed, confirmed.Status);
        Assert.DoesNotContain(await check.SubscriptionTokens.Select(t => t.Hash).ToListAsync(), h => h == token);
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task SameAddressInAnotherCase_IsOneSubscription(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await database.MigrateAsync();
        await using var db = database.CreateContext();
        db.Subscriptions.Add(Subscription.Request("grace@example.com", null, Now).Subscription);
        await db.SaveChangesAsync();
        db.Subscriptions.Add(Subscription.Request("GRACE@example.com", null, Now).Subscription);

        await Assert.ThrowsAsync<DbUpdateException>(() => db.SaveChangesAsync());
    }
}
