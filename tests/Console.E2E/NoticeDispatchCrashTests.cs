using AdminConsole.Domain.Commands;
using AdminConsole.Domain.Model.Audit;
using AdminConsole.Domain.Model.Subprocessors;
using AdminConsole.Domain.Persistence;
using AdminConsole.TestSupport;
using Microsoft.EntityFrameworkCore;
using Xunit.Abstractions;

namespace AdminConsole.E2E;

/// <summary>The console process killed (SIGKILL) in the middle of sending a notice, then started again.</summary>
public sealed class NoticeDispatchCrashTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const int Subscribers = 600;

    private TestDatabase _database = null!;
    private SmtpSinkPeer _smtp = null!;

    public async Task InitializeAsync()
    {
        _database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await _database.MigrateAsync();
        _smtp = await SmtpSinkPeer.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await _smtp.DisposeAsync();
        await _database.DisposeAsync();
    }

    [Fact]
    public async Task KilledMidSend_AndRestarted_EveryoneGetsTheNotice_RepeatsOnlyWhatWasNotYetRecorded_AsTheSameMessage()
    {
        var emails = Enumerable.Range(1, Subscribers).Select(i => $"subscriber{i:000}@example.com").ToList();
        await SeedSubscribersAsync(emails);
        var environment = Environment();

        var first = await ConsoleServer.StartAsync(_database, environment);
        await PublishAsync();
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (_smtp.Messages().Count < Subscribers / 4 && DateTime.UtcNow < deadline)
            await Task.Delay(20);
        await first.DisposeAsync();
        var atKill = _smtp.Messages().Count;
        output.WriteLine($"killed after {atKill} messages");
        Assert.InRange(atKill, Subscribers / 4, Subscribers - 1);
        int recordedAtKill;
        await using (var db = _database.CreateContext())
        {
            var unsettled = await db.NoticeDeliveries.CountAsync(d => d.Status == DeliveryStatus.Queued || d.Status == DeliveryStatus.Sending);
            output.WriteLine($"{unsettled} deliveries unsettled at the kill");
            Assert.True(unsettled > 0, "The kill came after the last delivery: nothing was interrupted.");
            recordedAtKill = await db.NoticeDeliveries.CountAsync(d => d.Status == DeliveryStatus.Sent);
            Assert.True(recordedAtKill > 0, "Nothing was recorded as sent before the kill.");
        }

        await using var second = await ConsoleServer.StartAsync(_database, environment);
        deadline = DateTime.UtcNow.AddSeconds(90);
        while (DateTime.UtcNow < deadline && !await AllSettledAsync())
            await Task.Delay(250);

        await using (var db = _database.CreateContext())
        {
            foreach (var run in await db.JobRuns.OrderBy(r => r.StartedAt).ToListAsync())
                output.WriteLine($"{run.JobName} {run.StartedAt:HH:mm:ss.fff} {run.Outcome} items={run.Items} errors={run.Errors} {run.Error}");
        }

        Assert.True(await AllSettledAsync(), $"The restarted console did not finish the notice.\n{second.Output}");
        var messages = _smtp.Messages();
        var perRecipient = messages.GroupBy(m => m.GetProperty("to")[0].GetString()!).ToDictionary(g => g.Key, g => g.ToList());
        Assert.Equal(emails, perRecipient.Keys.Order(StringComparer.Ordinal));

        // Messages that reached the server after the last commit of "sent" go again, as the same message (same
        // Message-ID): at most one commit group (Notices:SentPerCommit, 50 by default). Nothing else is repeated.
        Assert.All(perRecipient.Values, copies => Assert.Single(copies.Select(c => c.GetProperty("messageId").GetString()).Distinct()));
        var repeated = messages.Count - Subscribers;
        output.WriteLine($"{messages.Count} messages for {Subscribers} subscribers ({repeated} repeated)");
        Assert.InRange(repeated, 0, new AdminConsole.Jobs.Notices.NoticeOptions().SentPerCommit);

        await using var check = _database.CreateContext();
        Assert.Equal(Subscribers, await check.NoticeDeliveries.CountAsync(d => d.Status == DeliveryStatus.Sent));

        // The killed run is shown with what it had recorded as sent, not with nothing.
        var dispatchRuns = await check.JobRuns.Where(r => r.JobName == AdminConsole.Jobs.Notices.NoticeDispatcher.JobName).OrderBy(r => r.StartedAt).ToListAsync();
        var interrupted = Assert.Single(dispatchRuns, r => r.Outcome == AdminConsole.Domain.Model.Jobs.JobRunOutcome.Interrupted && r.Items > 0);
        Assert.Equal(recordedAtKill, interrupted.Items);
        Assert.NotNull((await check.Notices.SingleAsync()).DeliveryFinishedAt);
        Assert.Single(await check.AuditEntries.Where(e => e.Action == "notice.delivered").ToListAsync());
    }

    private Dictionary<string, string> Environment()
    {
        var environment = _smtp.ConsoleSettings();
        environment["Notices__DispatchInterval"] = "00:00:01";
        environment["Notices__ClaimLifetime"] = "00:00:03";
        environment["Notices__BatchSize"] = "50";
        return environment;
    }

    private async Task<bool> AllSettledAsync()
    {
        await using var db = _database.CreateContext();
        return await db.Notices.AnyAsync(n => n.DeliveryFinishedAt != null);
    }

    private async Task SeedSubscribersAsync(IEnumerable<string> emails)
    {
        await using var db = _database.CreateContext();
        var now = DateTimeOffset.UtcNow.AddDays(-1);
        foreach (var email in emails)
        {
            var (subscription, token) = Subscription.Request(email, null, now);
            subscription.Confirm(token, now);
            db.Subscriptions.Add(subscription);
        }

        await db.SaveChangesAsync();
    }

    private async Task PublishAsync()
    {
        var officer = new AuditActor("officer-1", "Olivia Officer", "ComplianceOfficer", null);
        var commands = new SubprocessorCommands(_database.CreateFactory(), TimeProvider.System, new SubprocessorOptions());
        var id = await commands.ProposeAsync(officer, new SubprocessorDetails(
            "Vector Store Inc", "Embeddings for workspace search", ProcessingCategory.VectorStore, ["Page content"], ["US"], [], "DPA-7", true, 0, RiskTier.Medium, null));
        await commands.PublishNoticeAsync(officer, id, DateTimeOffset.UtcNow.AddDays(31));
    }
}
