using System.Text.Json;
using AdminConsole.Domain.Model.Access;
using AdminConsole.Domain.Model.Jobs;
using AdminConsole.Domain.Model.Subprocessors;
using AdminConsole.Domain.Persistence;
using AdminConsole.Domain.Queries;
using AdminConsole.Jobs.Mail;
using AdminConsole.Jobs.Reminders;
using AdminConsole.TestSupport;
using Microsoft.EntityFrameworkCore;

namespace AdminConsole.Jobs.Tests;

/// <summary>Review and certification reminders against a real database and a real SMTP server, with a clock the test moves.</summary>
public sealed class ReminderTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Now = new(2026, 11, 2, 9, 0, 0, TimeSpan.Zero);
    private static readonly DateOnly Today = DateOnly.FromDateTime(Now.UtcDateTime);
    private static readonly string[] Officers = ["olivia@example.com", "oscar@example.com"];

    private SmtpSinkPeer _smtp = null!;

    public async Task InitializeAsync() => _smtp = await SmtpSinkPeer.StartAsync();

    public async Task DisposeAsync() => await _smtp.DisposeAsync();

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task AReviewDueIn31Days_RemindsNobody_In30Days_EachOfficerGetsOneDigestWithTheLink_Once(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await database.MigrateAsync();
        await SignInUsersAsync(database);
        var id = await AuthorizedAsync(database, "Vector Store Inc", reviewDue: Today.AddDays(31));
        var clock = new FakeClock(Now);
        var reminders = Service(database, clock);

        var early = await reminders.RunAsync(CancellationToken.None);
        Assert.Equal((0, 0), (early.Items, early.Errors));
        Assert.Empty(_smtp.Messages());

        clock.Advance(TimeSpan.FromDays(1));
        var due = await reminders.RunAsync(CancellationToken.None);
        var again = await reminders.RunAsync(CancellationToken.None);

        Assert.Equal((1, 0), (due.Items, due.Errors));
        Assert.Equal(0, again.Items);
        var messages = _smtp.Messages();
        Assert.Equal(Officers, messages.Select(m => Assert.Single(m.GetProperty("to").EnumerateArray()).GetString()).Order());
        Assert.All(messages, m => Assert.Equal("Subprocessor reviews and certifications need attention", m.GetProperty("subject").GetString()));
        var text = messages[0].GetProperty("text").GetString()!;
        Assert.Contains($"- Vector Store Inc: Review due soon, due {Today.AddDays(31):yyyy-MM-dd}", text, StringComparison.Ordinal);
        Assert.Contains($"https://console.example.com/subprocessors/{id}", text, StringComparison.Ordinal);

        await using var db = database.CreateContext();
        var reminder = await db.Reminders.SingleAsync();
        Assert.Equal((ReminderKind.ReviewDueSoon, Today.AddDays(31), (DateTimeOffset?)Now.AddDays(1), 2), (reminder.Kind, reminder.DueOn, reminder.SentAt, reminder.Recipients));
        var entry = await db.AuditEntries.SingleAsync(e => e.Action == "reminders.sent");
        Assert.Equal(("job:reminders", "System"), (entry.ActorId, entry.ActorRole));
        using var after = JsonDocument.Parse(entry.After!);
        Assert.Equal((1, 2, 1), (after.RootElement.GetProperty("Reminders").GetInt32(), after.RootElement.GetProperty("Recipients").GetInt32(), after.RootElement.GetProperty("ReviewsDueSoon").GetInt32()));
        var shown = Assert.Single(await ReminderQuery.SentForSubprocessorAsync(db, id));
        Assert.Equal(("Review due soon", Today.AddDays(31), Now.AddDays(1), 2), (shown.Title, shown.DueOn, shown.SentAt, shown.Recipients));
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task TheDayAfterTheDueDate_AnOverdueReminderFollowsTheDueSoonOne(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await database.MigrateAsync();
        await SignInUsersAsync(database);
        await AuthorizedAsync(database, "Vector Store Inc", reviewDue: Today.AddDays(30));
        var clock = new FakeClock(Now);
        var reminders = Service(database, clock);
        Assert.Equal(1, (await reminders.RunAsync(CancellationToken.None)).Items);

        clock.Advance(TimeSpan.FromDays(30));
        Assert.Equal(0, (await reminders.RunAsync(CancellationToken.None)).Items);
        clock.Advance(TimeSpan.FromDays(1));
        var overdue = await reminders.RunAsync(CancellationToken.None);
        var again = await reminders.RunAsync(CancellationToken.None);

        Assert.Equal((1, 0), (overdue.Items, again.Items));
        var toOlivia = _smtp.Messages().Where(m => m.GetProperty("to")[0].GetString() == "olivia@example.com").ToList();
        Assert.Equal(2, toOlivia.Count);
        Assert.Contains($"- Vector Store Inc: Review overdue, was due {Today.AddDays(30):yyyy-MM-dd}", toOlivia[1].GetProperty("text").GetString(), StringComparison.Ordinal);
        Assert.DoesNotContain("Review due soon", toOlivia[1].GetProperty("text").GetString(), StringComparison.Ordinal);
        await using var db = database.CreateContext();
        Assert.Equal([ReminderKind.ReviewDueSoon, ReminderKind.ReviewOverdue], await db.Reminders.OrderBy(r => r.CreatedAt).Select(r => r.Kind).ToListAsync());
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task ACertificateExpiringIn10Days_IsRemindedOnce_AndAgainWhenItHasLapsed(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await database.MigrateAsync();
        await SignInUsersAsync(database);
        await ProposedAsync(database, "Search Co", [new Certification(CertificationType.Soc2Type2, Today.AddDays(10)), new Certification(CertificationType.Iso27001, Today.AddDays(200))]);
        var clock = new FakeClock(Now);
        var reminders = Service(database, clock);

        var first = await reminders.RunAsync(CancellationToken.None);
        clock.Advance(TimeSpan.FromDays(1));
        var nextDay = await reminders.RunAsync(CancellationToken.None);

        Assert.Equal((1, 0), (first.Items, nextDay.Items));
        var text = _smtp.Messages()[0].GetProperty("text").GetString()!;
        Assert.Contains($"- Search Co: SOC 2 Type 2 certification expiring, lapses {Today.AddDays(10):yyyy-MM-dd}", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Iso27001", text, StringComparison.Ordinal);
        Assert.Equal(2, _smtp.Messages().Count);

        clock.Advance(TimeSpan.FromDays(10));
        Assert.Equal(1, (await reminders.RunAsync(CancellationToken.None)).Items);
        Assert.Contains("SOC 2 Type 2 certification expired, lapsed", _smtp.Messages()[^1].GetProperty("text").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task ARetiredSubprocessor_IsNeverReminded_EvenOfWhatWaitedBeforeItWasRetired(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await database.MigrateAsync();
        var id = await AuthorizedAsync(database, "Old Host Ltd", reviewDue: Today.AddDays(5), [new Certification(CertificationType.Iso27001, Today.AddDays(-3))]);
        var clock = new FakeClock(Now);

        // Nobody to tell yet: the two reminders wait.
        var waiting = await Service(database, clock).RunAsync(CancellationToken.None);
        Assert.Equal((0, 1), (waiting.Items, waiting.Errors));
        await using (var db = database.CreateContext())
        {
            Assert.Equal(2, await db.Reminders.CountAsync(r => r.SentAt == null));
            (await db.Subprocessors.SingleAsync(s => s.Id == id)).Retire(Now);
            await db.SaveChangesAsync();
        }

        await SignInUsersAsync(database);
        foreach (var days in new[] { 0, 10, 400 })
        {
            var result = await Service(database, new FakeClock(Now.AddDays(days))).RunAsync(CancellationToken.None);
            Assert.Equal((0, 0), (result.Items, result.Errors));
        }

        Assert.Empty(_smtp.Messages());
        await using var check = database.CreateContext();
        Assert.False(await check.Reminders.AnyAsync());
    }

    [Fact]
    public async Task WhenTheMailServerIsDown_RemindersStayPending_AndGoOutOnTheNextRun()
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await database.MigrateAsync();
        await SignInUsersAsync(database);
        await AuthorizedAsync(database, "Vector Store Inc", reviewDue: Today.AddDays(3));
        var clock = new FakeClock(Now);
        var options = _smtp.MailOptions();
        var folder = _smtp.Folder;
        await _smtp.DisposeAsync();
        var reminders = new ReminderService(database.CreateFactory(), clock, new MailSender(options, clock), new ReminderOptions());

        var down = await reminders.RunAsync(CancellationToken.None);

        Assert.Equal((0, 1), (down.Items, down.Errors));
        Assert.StartsWith("The mail server cannot be reached", down.FirstError, StringComparison.Ordinal);
        await using (var db = database.CreateContext())
        {
            var pending = await db.Reminders.SingleAsync();
            Assert.Equal(((DateTimeOffset?)null, 0), (pending.SentAt, pending.Recipients));
            Assert.False(await db.AuditEntries.AnyAsync(e => e.Action == "reminders.sent"));
        }

        _smtp = await SmtpSinkPeer.StartAsync(options.Port, folder);
        clock.Advance(TimeSpan.FromHours(1));
        var back = await reminders.RunAsync(CancellationToken.None);

        Assert.Equal((1, 0), (back.Items, back.Errors));
        Assert.Equal(Officers, _smtp.Messages().Select(m => m.GetProperty("to")[0].GetString()).Order());
        await using var check = database.CreateContext();
        Assert.Equal((DateTimeOffset?)Now.AddHours(1), (await check.Reminders.SingleAsync()).SentAt);
    }

    [Fact]
    public async Task WithNoOneToRemind_TheRunRecordSaysSo_AndAConfiguredAddressGetsTheDigest()
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await database.MigrateAsync();
        await SignInAsync(database, "arthur@example.com", ConsoleRoles.Auditor);
        await SignInAsync(database, string.Empty, ConsoleRoles.ComplianceOfficer);
        await AuthorizedAsync(database, "Vector Store Inc", reviewDue: Today.AddDays(3));
        var clock = new FakeClock(Now);
        var runs = new JobRunRecorder(database.CreateFactory(), clock);

        await runs.RunAsync(ReminderService.JobName, Service(database, clock).RunAsync, CancellationToken.None);
        var configured = new ReminderOptions { Recipients = ["Compliance Team <compliance@example.com>", "COMPLIANCE@example.com"] };
        await runs.RunAsync(ReminderService.JobName, Service(database, clock, configured).RunAsync, CancellationToken.None);

        await using var db = database.CreateContext();
        var records = (await db.JobRuns.Where(r => r.JobName == ReminderService.JobName).ToListAsync()).OrderBy(r => r.Outcome).ToList();
        Assert.Equal([JobRunOutcome.Succeeded, JobRunOutcome.Failed], records.Select(r => r.Outcome));
        Assert.StartsWith("no one to remind: 1 reminder(s) wait", records[1].Error, StringComparison.Ordinal);
        Assert.Equal(1, records[0].Items);
        Assert.Equal(["compliance@example.com"], _smtp.Messages().Select(m => m.GetProperty("to")[0].GetString()));
        Assert.Equal(1, (await db.Reminders.SingleAsync()).Recipients);
    }

    [Fact]
    public async Task ALineBreakInALegalName_CannotReachAHeaderOrARecipient()
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await database.MigrateAsync();
        await SignInUsersAsync(database);
        var id = await AuthorizedAsync(database, "Evil Corp", reviewDue: Today.AddDays(3));

        // Names are checked where they are entered; this one comes straight from the database.
        await using (var db = database.CreateContext())
            await db.Subprocessors.Where(s => s.Id == id).ExecuteUpdateAsync(u => u.SetProperty(s => s.LegalName, "Evil Corp\r\nBcc: attacker@example.com\r\nSubject: Urgent"));

        var result = await Service(database, new FakeClock(Now)).RunAsync(CancellationToken.None);

        Assert.Equal((1, 0), (result.Items, result.Errors));
        var messages = _smtp.Messages();
        Assert.Equal(Officers, messages.Select(m => Assert.Single(m.GetProperty("to").EnumerateArray()).GetString()).Order());
        Assert.All(messages, m =>
        {
            Assert.Equal("Subprocessor reviews and certifications need attention", m.GetProperty("subject").GetString());
            Assert.DoesNotContain("bcc", m.GetProperty("headerNames").EnumerateArray().Select(h => h.GetString()));
            Assert.Contains("- Evil Corp  Bcc: attacker@example.com  Subject: Urgent: Review due soon", m.GetProperty("text").GetString(), StringComparison.Ordinal);
        });
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task RunsAtTheSameTime_RecordEachOccurrenceOnce(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await database.MigrateAsync();
        for (var i = 0; i < 5; i++)
            await AuthorizedAsync(database, $"Provider {i}", reviewDue: Today.AddDays(i + 1), [new Certification(CertificationType.HipaaBaa, Today.AddDays(-i))]);

        // Nobody to remind: the runs only record, and all of them at once.
        var results = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() => Service(database, new FakeClock(Now)).RunAsync(CancellationToken.None))));

        Assert.All(results, r => Assert.StartsWith("no one to remind: 10 reminder(s)", r.FirstError, StringComparison.Ordinal));
        await using var db = database.CreateContext();
        Assert.Equal(10, await db.Reminders.CountAsync());
    }

    [Fact]
    public void AConfiguredRecipientThatIsNoMailAddress_IsRefusedByName()
    {
        var options = new ReminderOptions { Recipients = ["compliance@example.com", "not an address", "x@example.com\r\nBcc: y@example.com"] };

        var problem = options.Problem();

        Assert.NotNull(problem);
        Assert.StartsWith("Reminders:Recipients must be mail addresses", problem, StringComparison.Ordinal);
        Assert.Contains("'not an address'", problem, StringComparison.Ordinal);
        Assert.DoesNotContain("'compliance@example.com'", problem, StringComparison.Ordinal);
        Assert.Null(new ReminderOptions { Recipients = ["Compliance <compliance@example.com>"] }.Problem());
        Assert.NotNull(new ReminderOptions { Interval = TimeSpan.Zero }.Problem());
    }

    private ReminderService Service(TestDatabase database, TimeProvider clock, ReminderOptions? options = null) =>
        new(database.CreateFactory(), clock, new MailSender(_smtp.MailOptions(), clock), options ?? new ReminderOptions());

    /// <summary>Two compliance officers, an auditor and an administrator who is no officer: only the officers are reminded.</summary>
    private static async Task SignInUsersAsync(TestDatabase database)
    {
        await SignInAsync(database, "olivia@example.com", ConsoleRoles.ComplianceOfficer);
        await SignInAsync(database, "oscar@example.com", ConsoleRoles.Auditor, ConsoleRoles.ComplianceOfficer);
        await SignInAsync(database, "arthur@example.com", ConsoleRoles.Auditor);
        await SignInAsync(database, "ada@example.com", ConsoleRoles.Admin);
    }

    private static async Task SignInAsync(TestDatabase database, string email, params string[] roles)
    {
        await using var db = database.CreateContext();
        db.Users.Add(ConsoleUser.FirstSignIn(Guid.NewGuid(), null, email, email, roles, Now.AddDays(-100)));
        await db.SaveChangesAsync();
    }

    private static async Task<Guid> AuthorizedAsync(TestDatabase database, string name, DateOnly reviewDue, IEnumerable<Certification>? certifications = null)
    {
        var published = Now.AddDays(-200);
        var subprocessor = Subprocessor.Propose(Details(name, certifications), published);
        subprocessor.PublishNotice(published, published.AddDays(30), Subprocessor.DefaultNoticePeriod);
        subprocessor.Authorize(published.AddDays(30));
        subprocessor.RecordReview(Today.AddDays(-10), "Olivia Officer", ReviewArtifacts.AttestationReport, ReviewOutcome.Approved, null, reviewDue, Today);
        await using var db = database.CreateContext();
        db.Subprocessors.Add(subprocessor);
        await db.SaveChangesAsync();
        return subprocessor.Id;
    }

    private static async Task ProposedAsync(TestDatabase database, string name, IEnumerable<Certification> certifications)
    {
        await using var db = database.CreateContext();
        db.Subprocessors.Add(Subprocessor.Propose(Details(name, certifications), Now.AddDays(-1)));
        await db.SaveChangesAsync();
    }

    private static SubprocessorDetails Details(string name, IEnumerable<Certification>? certifications) =>
        new(name, "Embeddings for workspace search", ProcessingCategory.VectorStore, ["Page content"], ["US"], certifications, "DPA-7", true, 0, RiskTier.Medium, null);
}
