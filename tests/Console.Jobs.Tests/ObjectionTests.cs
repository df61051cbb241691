using AdminConsole.Domain.Model.Subprocessors;
using AdminConsole.Domain.Persistence;
using AdminConsole.Jobs.Mail;
using AdminConsole.Jobs.Notices;
using AdminConsole.Jobs.Subscriptions;
using AdminConsole.TestSupport;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;

namespace AdminConsole.Jobs.Tests;

/// <summary>Objections through a notice's link: only during the notice period, once, and never through a forged or expired link.</summary>
public class ObjectionTests
{
    private static readonly DateTimeOffset Published = new(2026, 11, 1, 9, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Effective = Published.AddDays(30);

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task AnObjection_IsRecordedOnce_WithItsAuditEntry(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await database.MigrateAsync();
        var (token, subprocessorId) = await SeedAsync(database);
        var service = Service(database, new FakeClock(Published.AddDays(2)));

        var first = await service.ObjectAsync(token, "  Our data must stay in the EU.\nPlease confirm.  ", "198.51.100.4", CancellationToken.None);
        var second = await service.ObjectAsync(token, "Again", "198.51.100.4", CancellationToken.None);

        Assert.Equal(ObjectionOutcome.Recorded, first.Outcome);
        Assert.Contains("2026-12-01 09:00 UTC", first.Message, StringComparison.Ordinal);
        Assert.Equal(ObjectionOutcome.AlreadyRecorded, second.Outcome);
        await using var db = database.CreateContext();
        var objection = await db.Objections.SingleAsync();
        Assert.Equal((subprocessorId, "Our data must stay in the EU.\nPlease confirm."), (objection.SubprocessorId, objection.Reason));
        var entry = await db.AuditEntries.SingleAsync(e => e.Action == "subprocessor.objection");
        Assert.Equal(("public", "198.51.100.4"), (entry.ActorId, entry.SourceIp));
        Assert.DoesNotContain("EU", entry.After, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ForgedExpiredAndLateObjections_AndOverlongReasons_AreRefused_NothingSaved()
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await database.MigrateAsync();
        var (token, _) = await SeedAsync(database);
        var clock = new FakeClock(Published.AddDays(1));
        var service = Service(database, clock);

        Assert.Equal(ObjectionOutcome.InvalidLink, (await service.ObjectAsync(null, null, null, CancellationToken.None)).Outcome);
        Assert.Equal(ObjectionOutcome.InvalidLink, (await service.ObjectAsync(token[..^1] + (token[^1] == 'A' ? 'B' : 'A'), null, null, CancellationToken.None)).Outcome);
        Assert.Equal(ObjectionOutcome.InvalidLink, (await service.ObjectAsync(new string('a', 5000), null, null, CancellationToken.None)).Outcome);
        var tooLong = await service.ObjectAsync(token, new string('x', Objection.ReasonMaxLength + 1), null, CancellationToken.None);
        Assert.Equal((ObjectionOutcome.InvalidReason, "The reason must be at most 2000 characters."), (tooLong.Outcome, tooLong.Message));
        Assert.Equal(ObjectionOutcome.InvalidReason, (await service.ObjectAsync(token, "bell\a", null, CancellationToken.None)).Outcome);

        // At the effective date the notice period is over: not one second more.
        clock.Advance(Effective - clock.GetUtcNow());
        var late = await service.ObjectAsync(token, null, null, CancellationToken.None);
        Assert.Equal(ObjectionOutcome.Closed, late.Outcome);
        Assert.Contains("The notice period has ended", late.Message, StringComparison.Ordinal);

        // A link past its lifetime is dead, whatever it was for.
        clock.Advance(NoticeLink.Lifetime);
        Assert.Equal(ObjectionOutcome.InvalidLink, (await service.ObjectAsync(token, null, null, CancellationToken.None)).Outcome);
        Assert.False(await service.UnsubscribeAsync(token, null, CancellationToken.None));

        await using var db = database.CreateContext();
        Assert.Equal(0, await db.Objections.CountAsync());
        Assert.Equal(SubscriptionStatus.Confirmed, (await db.Subscriptions.SingleAsync()).Status);
    }

    private readonly EphemeralDataProtectionProvider _keyRing = new();

    private SubscriptionService Service(TestDatabase database, TimeProvider clock) =>
        new(database.CreateFactory(), clock, new MailSender(new MailOptions { PickupDirectory = Path.GetTempPath(), PublicUrl = new Uri("https://console.example.com/") }, clock), new NoticeLinks(_keyRing, database.CreateFactory()), new ConfirmationMails());

    private async Task<(string Token, Guid SubprocessorId)> SeedAsync(TestDatabase database)
    {
        await using var db = database.CreateContext();
        var (subscription, confirm) = Subscription.Request("ada@example.com", null, Published);
        subscription.Confirm(confirm, Published);
        var subprocessor = Subprocessor.Propose(
            new SubprocessorDetails("Vector Store Inc", "Embeddings", ProcessingCategory.VectorStore, ["Page content"], ["US"], [], "DPA", true, 0, RiskTier.Low, null), Published);
        var notice = subprocessor.PublishNotice(Published, Effective, Subprocessor.DefaultNoticePeriod);
        db.AddRange(subscription, subprocessor, notice);
        await db.SaveChangesAsync();
        return (await new NoticeLinks(_keyRing, database.CreateFactory()).IssueAsync(notice.Id, subscription.Id, Published, CancellationToken.None), subprocessor.Id);
    }
}
