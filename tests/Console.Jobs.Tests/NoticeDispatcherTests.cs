using System.Security.Cryptography;
using System.Text.Json;
using AdminConsole.Domain.Commands;
using AdminConsole.Domain.Model.Audit;
using AdminConsole.Domain.Model.Subprocessors;
using AdminConsole.Domain.Persistence;
using AdminConsole.Jobs.Mail;
using AdminConsole.Jobs.Notices;
using AdminConsole.TestSupport;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;

namespace AdminConsole.Jobs.Tests;

/// <summary>Notices fanned out to subscribers and sent through a real SMTP server, with a clock the test moves.</summary>
public sealed class NoticeDispatcherTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Now = new(2026, 11, 2, 9, 0, 0, TimeSpan.Zero);
    private static readonly AuditActor Officer = new("officer-1", "Olivia Officer", "ComplianceOfficer", "203.0.113.7");

    private readonly EphemeralDataProtectionProvider _keyRing = new();
    private SmtpSinkPeer _smtp = null!;

    public async Task InitializeAsync() => _smtp = await SmtpSinkPeer.StartAsync();

    public async Task DisposeAsync() => await _smtp.DisposeAsync();

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task Publishing_QueuesOneDeliveryPerConfirmedSubscriber_AndTheJobSendsEachOnce_WithOneClickHeaders(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await database.MigrateAsync();
        var clock = new FakeClock(Now);
        var confirmed = await SubscribeAsync(database, "ada@example.com", "grace@example.com", "linus@example.com");
        await SubscribeAsync(database, confirm: false, "pending@example.com");
        var left = await SubscribeAsync(database, "left@example.com");
        await UnsubscribeAsync(database, left[0]);

        var (subprocessorId, noticeId) = await ProposeAndPublishAsync(database, clock);

        await using (var db = database.CreateContext())
        {
            var queued = await db.NoticeDeliveries.Where(d => d.NoticeId == noticeId).ToListAsync();
            Assert.Equal(confirmed.Order(), queued.Select(d => d.SubscriptionId).Order());
            Assert.All(queued, d => Assert.Equal((DeliveryStatus.Queued, 0, Now), (d.Status, d.Attempts, d.DueAt)));
            Assert.Equal(3, (await db.Notices.SingleAsync(n => n.Id == noticeId)).Recipients);
        }

        var result = await Dispatcher(database, clock).RunAsync(CancellationToken.None);
        var again = await Dispatcher(database, clock).RunAsync(CancellationToken.None);

        Assert.Equal((3, 0), (result.Items, result.Errors));
        Assert.Equal(0, again.Items);
        var messages = _smtp.Messages();
        Assert.Equal(["ada@example.com", "grace@example.com", "linus@example.com"], messages.Select(m => m.GetProperty("to")[0].GetString()).Order());
        var mail = messages.Single(m => m.GetProperty("to")[0].GetString() == "ada@example.com");
        Assert.Equal("New subprocessor: Vector Store Inc", mail.GetProperty("subject").GetString());
        Assert.Equal("List-Unsubscribe=One-Click", mail.GetProperty("listUnsubscribePost").GetString());
        var unsubscribe = mail.GetProperty("listUnsubscribe").GetString()!;
        Assert.StartsWith("<https://console.example.com/trust/unsubscribe?token=", unsubscribe, StringComparison.Ordinal);
        Assert.Contains(unsubscribe.Trim('<', '>'), mail.GetProperty("text").GetString(), StringComparison.Ordinal);
        Assert.Contains("https://console.example.com/trust/object?token=", mail.GetProperty("text").GetString(), StringComparison.Ordinal);
        Assert.Equal($"<notice-{noticeId:N}.{confirmed[0]:N}@console.example.com>", mail.GetProperty("messageId").GetString());

        await using var check = database.CreateContext();
        var deliveries = await check.NoticeDeliveries.Where(d => d.NoticeId == noticeId).ToListAsync();
        Assert.All(deliveries, d => Assert.Equal((DeliveryStatus.Sent, 1, (DateTimeOffset?)Now), (d.Status, d.Attempts, d.SentAt)));
        var token = unsubscribe[(unsubscribe.IndexOf("token=", StringComparison.Ordinal) + 6)..].TrimEnd('>');
        // The link stands for this notice and subscriber, is signed with the console's key (sealed, never in clear
        // in the database) and works until its lifetime ends; nothing about the message itself is stored.
        token = Uri.UnescapeDataString(token);
        var link = await Links(database).ReadAsync(token, Now, CancellationToken.None);
        Assert.Equal((noticeId, confirmed[0], Now + NoticeLink.Lifetime), (link!.NoticeId, link.SubscriptionId, link.ExpiresAt));
        Assert.Null(await Links(database).ReadAsync(token, Now + NoticeLink.Lifetime, CancellationToken.None));
        var key = await check.SealedKeys.SingleAsync();
        Assert.Equal(32, _keyRing.CreateProtector("AdminConsole.SealedKey").Unprotect(Convert.FromBase64String(key.SealedKey)).Length);
        await using var other = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await other.MigrateAsync();
        Assert.Null(await new NoticeLinks(_keyRing, other.CreateFactory()).ReadAsync(token, Now, CancellationToken.None));
        Assert.Equal(Now, (await check.Notices.SingleAsync(n => n.Id == noticeId)).DeliveryFinishedAt);
        var delivered = await check.AuditEntries.SingleAsync(e => e.Action == "notice.delivered");
        using var after = JsonDocument.Parse(delivered.After!);
        Assert.Equal((3, 3, 0), (after.RootElement.GetProperty("Recipients").GetInt32(), after.RootElement.GetProperty("Sent").GetInt32(), after.RootElement.GetProperty("Failed").GetInt32()));
        Assert.NotEqual(Guid.Empty, subprocessorId);
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task ASubscriberWhoLeavesBeforeTheSend_IsSkipped(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await database.MigrateAsync();
        var clock = new FakeClock(Now);
        var ids = await SubscribeAsync(database, "ada@example.com", "grace@example.com");
        var (_, noticeId) = await ProposeAndPublishAsync(database, clock);
        await UnsubscribeAsync(database, ids[1]);

        var result = await Dispatcher(database, clock).RunAsync(CancellationToken.None);

        Assert.Equal(1, result.Items);
        Assert.Equal(["ada@example.com"], _smtp.Messages().Select(m => m.GetProperty("to")[0].GetString()));
        await using var db = database.CreateContext();
        Assert.Equal(DeliveryStatus.Skipped, (await db.NoticeDeliveries.SingleAsync(d => d.NoticeId == noticeId && d.SubscriptionId == ids[1])).Status);
    }

    /// <summary>
    /// With a DKIM key configured, the notice a subscriber receives carries a signature that an independent verifier
    /// (mailauth) accepts against the published key, covering From, Subject and the one-click unsubscribe pair (RFC 8058
    /// §4); the same bytes with one body character changed do not verify (body hash), nor do they against another key.
    /// </summary>
    [Fact]
    public async Task ANotice_IsDkimSigned_AndVerifiesWithTheUnsubscribeHeadersSigned()
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await database.MigrateAsync();
        var clock = new FakeClock(Now);
        using var key = RSA.Create(2048);
        var mail = _smtp.MailOptions();
        mail.Dkim = new DkimOptions { Domain = "console.example.com", Selector = "s2026", PrivateKey = key.ExportPkcs8PrivateKeyPem() };
        Assert.Empty(mail.Problems(allowPlainHttp: false));
        await SubscribeAsync(database, "ada@example.com");
        await ProposeAndPublishAsync(database, clock);

        var run = await new NoticeDispatcher(database.CreateFactory(), clock, new MailSender(mail, clock), Links(database), new NoticeOptions()).RunAsync(CancellationToken.None);

        Assert.Equal((1, 0), (run.Items, run.Errors));
        var raw = Convert.FromBase64String((await _smtp.WaitForMessageToAsync("ada@example.com")).GetProperty("raw").GetString()!);
        const string RecordName = "s2026._domainkey.console.example.com";
        var signature = Assert.Single(await DkimVerifierPeer.VerifyAsync(raw, RecordName, DkimVerifierPeer.Record(key)));
        Assert.True(signature.Result == "pass", signature.Info);
        Assert.Equal(("console.example.com", "s2026"), (signature.Domain, signature.Selector));
        var signed = signature.SignedHeaders!.Split(':', StringSplitOptions.TrimEntries).Select(h => h.ToLowerInvariant()).ToList();
        Assert.Contains("from", signed);
        Assert.Contains("subject", signed);
        Assert.Contains("list-unsubscribe", signed);
        Assert.Contains("list-unsubscribe-post", signed);

        var text = System.Text.Encoding.ASCII.GetString(raw);
        var bodyAt = text.IndexOf("\r\n\r\n", StringComparison.Ordinal) + 4;
        var tampered = text[..bodyAt] + text[bodyAt..].Replace("Vector Store Inc", "Vector Store Inx", StringComparison.Ordinal);
        Assert.NotEqual(text, tampered);
        var changed = Assert.Single(await DkimVerifierPeer.VerifyAsync(System.Text.Encoding.ASCII.GetBytes(tampered), RecordName, DkimVerifierPeer.Record(key)));
        Assert.True(changed.Result != "pass" && changed.Info!.Contains("body hash", StringComparison.Ordinal), changed.Info);
        using var other = RSA.Create(2048);
        Assert.Equal("fail", Assert.Single(await DkimVerifierPeer.VerifyAsync(raw, RecordName, DkimVerifierPeer.Record(other))).Result);
    }

    /// <summary>
    /// A clock with the precision of the machine's (ticks), finer than a stored time (milliseconds on SQLite, microseconds
    /// on PostgreSQL): a refusal is still recorded against the claim it belongs to (it once stayed "sending" until the
    /// claim ran out, then was sent and refused again, for ever).
    /// </summary>
    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task RefusalsAreRecorded_WhenTheClockIsFinerThanTheDatabase(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await database.MigrateAsync();
        var clock = new FakeClock(Now.AddTicks(1_234_567));
        var ids = await SubscribeAsync(database, "reject-me@example.com", "busy-me@example.com");
        var (_, noticeId) = await ProposeAndPublishAsync(database, clock);

        var run = await Dispatcher(database, clock).RunAsync(CancellationToken.None);

        Assert.Equal((0, 2), (run.Items, run.Errors));
        Assert.Equal(DeliveryStatus.Failed, (await DeliveryAsync(database, noticeId, ids[0])).Status);
        Assert.Equal(DeliveryStatus.Queued, (await DeliveryAsync(database, noticeId, ids[1])).Status);
    }

    [Fact]
    public async Task APermanentRefusal_FailsAtOnce_ATemporaryOne_IsRetriedAfterItsBackoff_NotASecondBefore()
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await database.MigrateAsync();
        var clock = new FakeClock(Now);
        var ids = await SubscribeAsync(database, "reject-me@example.com", "busy-me@example.com", "ada@example.com");
        var (_, noticeId) = await ProposeAndPublishAsync(database, clock);
        var dispatcher = Dispatcher(database, clock);

        var first = await dispatcher.RunAsync(CancellationToken.None);
        Assert.Equal((1, 2), (first.Items, first.Errors));
        var rejected = await DeliveryAsync(database, noticeId, ids[0]);
        Assert.Equal((DeliveryStatus.Failed, 1), (rejected.Status, rejected.Attempts));
        Assert.Contains("550", rejected.LastError, StringComparison.Ordinal);
        var busy = await DeliveryAsync(database, noticeId, ids[1]);
        Assert.Equal((DeliveryStatus.Queued, 1, Now + NoticeDelivery.Backoff(1)), (busy.Status, busy.Attempts, busy.DueAt));
        Assert.Contains("451", busy.LastError, StringComparison.Ordinal);

        // Each retry waits twice as long; a run a second early sends nothing.
        for (var attempt = 2; attempt <= NoticeDelivery.MaxAttempts; attempt++)
        {
            var due = (await DeliveryAsync(database, noticeId, ids[1])).DueAt;
            clock.Advance(due - clock.GetUtcNow() - TimeSpan.FromSeconds(1));
            Assert.Equal(0, (await dispatcher.RunAsync(CancellationToken.None)).Errors);
            clock.Advance(TimeSpan.FromSeconds(1));
            Assert.Equal(1, (await dispatcher.RunAsync(CancellationToken.None)).Errors);
            Assert.Equal(attempt, (await DeliveryAsync(database, noticeId, ids[1])).Attempts);
        }

        busy = await DeliveryAsync(database, noticeId, ids[1]);
        Assert.Equal(DeliveryStatus.Failed, busy.Status);
        await using var db = database.CreateContext();
        Assert.NotNull((await db.Notices.SingleAsync(n => n.Id == noticeId)).DeliveryFinishedAt);
        Assert.Single(_smtp.Messages());
    }

    [Fact]
    public async Task WhenTheServerIsDown_TheRunStops_NoAttemptIsCounted_AndAllGoOutOnceItIsBack()
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await database.MigrateAsync();
        var clock = new FakeClock(Now);
        await SubscribeAsync(database, "ada@example.com", "grace@example.com");
        var (_, noticeId) = await ProposeAndPublishAsync(database, clock);
        var options = _smtp.MailOptions();
        var folder = _smtp.Folder;
        await _smtp.DisposeAsync();
        var dispatcher = new NoticeDispatcher(database.CreateFactory(), clock, new MailSender(options, clock), Links(database), new NoticeOptions());

        // An unreachable server is nobody's attempt: the run stops at once and every claim is handed back.
        var down = await dispatcher.RunAsync(CancellationToken.None);
        Assert.Equal((0, 1), (down.Items, down.Errors));
        Assert.StartsWith("The mail server cannot be reached", down.FirstError, StringComparison.Ordinal);
        await using (var db = database.CreateContext())
            Assert.All(await db.NoticeDeliveries.ToListAsync(), d => Assert.Equal((DeliveryStatus.Queued, 0, Now), (d.Status, d.Attempts, d.DueAt)));

        _smtp = await SmtpSinkPeer.StartAsync(options.Port, folder);
        var back = await dispatcher.RunAsync(CancellationToken.None);

        Assert.Equal((2, 0), (back.Items, back.Errors));
        Assert.Equal(2, _smtp.Messages().Count);
        await using var check = database.CreateContext();
        Assert.All(await check.NoticeDeliveries.Where(d => d.NoticeId == noticeId).ToListAsync(), d => Assert.Equal((DeliveryStatus.Sent, 1), (d.Status, d.Attempts)));
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task AStoppedRun_StopsBetweenMessages_AndTheNextRunSendsTheRest_NoDuplicateNoLoss(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await database.MigrateAsync();
        var clock = new FakeClock(Now);
        var emails = Enumerable.Range(1, 60).Select(i => $"subscriber{i:00}@example.com").ToArray();
        await SubscribeAsync(database, emails);
        await ProposeAndPublishAsync(database, clock);

        // Stop the first run once about a third has arrived, wherever it is.
        using var stop = new CancellationTokenSource();
        var watcher = Task.Run(async () =>
        {
            while (_smtp.Messages().Count < 20)
                await Task.Delay(5);
            await stop.CancelAsync();
        });
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Dispatcher(database, clock, batchSize: 25).RunAsync(stop.Token));
        await watcher;
        var afterStop = _smtp.Messages().Count;
        await using (var db = database.CreateContext())
        {
            Assert.Equal(0, await db.NoticeDeliveries.CountAsync(d => d.Status == DeliveryStatus.Sending));
            Assert.Equal(afterStop, await db.NoticeDeliveries.CountAsync(d => d.Status == DeliveryStatus.Sent));
        }

        var rest = await Dispatcher(database, clock, batchSize: 25).RunAsync(CancellationToken.None);

        Assert.Equal(60 - afterStop, rest.Items);
        var received = _smtp.Messages().Select(m => m.GetProperty("to")[0].GetString()).ToList();
        Assert.Equal(emails, received.Order());
    }

    [Fact]
    public async Task AClaimLeftByADeadDispatcher_IsTakenOverWhenItRunsOut_UnderTheSameMessageId()
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await database.MigrateAsync();
        var clock = new FakeClock(Now);
        var ids = await SubscribeAsync(database, "ada@example.com");
        var (_, noticeId) = await ProposeAndPublishAsync(database, clock);

        // What a process killed between claim and send leaves behind: the row claimed (attempt counted) until the claim runs out.
        await using (var db = database.CreateContext())
        {
            await db.NoticeDeliveries.ExecuteUpdateAsync(u => u
                .SetProperty(d => d.Status, DeliveryStatus.Sending).SetProperty(d => d.Attempts, 1).SetProperty(d => d.DueAt, Now + NoticeDelivery.ClaimLifetime));
        }

        var dispatcher = Dispatcher(database, clock);
        clock.Advance(NoticeDelivery.ClaimLifetime - TimeSpan.FromSeconds(1));
        Assert.Equal(0, (await dispatcher.RunAsync(CancellationToken.None)).Items);
        clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(1, (await dispatcher.RunAsync(CancellationToken.None)).Items);

        var delivered = await DeliveryAsync(database, noticeId, ids[0]);
        Assert.Equal((DeliveryStatus.Sent, 2), (delivered.Status, delivered.Attempts));
        Assert.Equal($"<{NoticeMail.MessageId(noticeId, ids[0], "console.example.com")}>", Assert.Single(_smtp.Messages()).GetProperty("messageId").GetString());
    }

    private NoticeLinks Links(TestDatabase database) => new(_keyRing, database.CreateFactory());

    private NoticeDispatcher Dispatcher(TestDatabase database, TimeProvider clock, int batchSize = 200) =>
        new(database.CreateFactory(), clock, new MailSender(_smtp.MailOptions(), clock), Links(database), new NoticeOptions { BatchSize = batchSize });

    private static async Task<NoticeDelivery> DeliveryAsync(TestDatabase database, Guid noticeId, Guid subscriptionId)
    {
        await using var db = database.CreateContext();
        return await db.NoticeDeliveries.AsNoTracking().SingleAsync(d => d.NoticeId == noticeId && d.SubscriptionId == subscriptionId);
    }

    private static Task<List<Guid>> SubscribeAsync(TestDatabase database, params string[] emails) => SubscribeAsync(database, true, emails);

    private static async Task<List<Guid>> SubscribeAsync(TestDatabase database, bool confirm, params string[] emails)
    {
        await using var db = database.CreateContext();
        var ids = new List<Guid>();
        foreach (var email in emails)
        {
            var (subscription, token) = Subscription.Request(email, "Example Corp", Now.AddDays(-1));
            if (confirm)
                subscription.Confirm(token, Now.AddDays(-1));
            db.Subscriptions.Add(subscription);
            ids.Add(subscription.Id);
        }

        await db.SaveChangesAsync();
        return ids;
    }

    private static async Task UnsubscribeAsync(TestDatabase database, Guid id)
    {
        await using var db = database.CreateContext();
        (await db.Subscriptions.Include(s => s.Tokens).SingleAsync(s => s.Id == id)).Unsubscribe(Now);
        await db.SaveChangesAsync();
    }

    private static async Task<(Guid Subprocessor, Guid Notice)> ProposeAndPublishAsync(TestDatabase database, TimeProvider clock)
    {
        var commands = new SubprocessorCommands(database.CreateFactory(), clock, new SubprocessorOptions());
        var id = await commands.ProposeAsync(Officer, new SubprocessorDetails(
            "Vector Store Inc", "Embeddings for workspace search", ProcessingCategory.VectorStore, ["Page content"], ["US"], [], "DPA-7", true, 0, RiskTier.Medium, null));
        await commands.PublishNoticeAsync(Officer, id, clock.GetUtcNow().AddDays(30));
        await using var db = database.CreateContext();
        return (id, await db.Notices.Where(n => n.SubprocessorId == id).Select(n => n.Id).SingleAsync());
    }
}
