using AdminConsole.Domain.Model.Jobs;
using AdminConsole.Domain.Model.Subprocessors;
using AdminConsole.Domain.Persistence;
using AdminConsole.Jobs;
using AdminConsole.Jobs.Subprocessors;
using AdminConsole.TestSupport;
using Microsoft.EntityFrameworkCore;

namespace AdminConsole.Jobs.Tests;

/// <summary>The authorization job against a real database, with a clock the test moves.</summary>
public class SubprocessorAuthorizerTests
{
    private static readonly DateTimeOffset Published = new(2026, 11, 1, 9, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Effective = Published.AddDays(30);

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task Authorization_HappensAtTheEffectiveDate_NotOneSecondBefore(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await database.MigrateAsync();
        var id = await AnnounceAsync(database);
        var clock = new FakeClock(Effective.AddSeconds(-1));
        var authorizer = new SubprocessorAuthorizer(database.CreateFactory(), clock);

        var early = await authorizer.RunAsync(CancellationToken.None);
        Assert.Equal(0, early.Items);
        Assert.Equal(SubprocessorStatus.NoticePeriod, await StatusAsync(database, id));

        clock.Advance(TimeSpan.FromSeconds(1));
        var due = await authorizer.RunAsync(CancellationToken.None);
        Assert.Equal((1, 0), (due.Items, due.Errors));
        await using var db = database.CreateContext();
        var authorized = await db.Subprocessors.SingleAsync(s => s.Id == id);
        Assert.Equal((SubprocessorStatus.Authorized, Effective), (authorized.Status, authorized.AuthorizedAt!.Value));
        var entry = await db.AuditEntries.SingleAsync(e => e.Action == "subprocessor.authorized");
        Assert.Equal(("job:subprocessor-authorization", "System"), (entry.ActorId, entry.ActorRole));
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task RunningAgain_AuthorizesNothingTwice(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await database.MigrateAsync();
        await AnnounceAsync(database);
        await AnnounceAsync(database, "Second GmbH");
        var authorizer = new SubprocessorAuthorizer(database.CreateFactory(), new FakeClock(Effective.AddHours(1)));

        var first = await authorizer.RunAsync(CancellationToken.None);
        var second = await authorizer.RunAsync(CancellationToken.None);

        Assert.Equal(2, first.Items);
        Assert.Equal(0, second.Items);
        await using var db = database.CreateContext();
        Assert.Equal(2, await db.AuditEntries.CountAsync(e => e.Action == "subprocessor.authorized"));
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task EachRun_LeavesARunRecord(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await database.MigrateAsync();
        await AnnounceAsync(database);
        var clock = new FakeClock(Effective);
        var runs = new JobRunRecorder(database.CreateFactory(), clock);
        var authorizer = new SubprocessorAuthorizer(database.CreateFactory(), clock);

        await runs.RunAsync(SubprocessorAuthorizer.JobName, authorizer.RunAsync, CancellationToken.None);

        await using var db = database.CreateContext();
        var run = await db.JobRuns.SingleAsync();
        Assert.Equal((SubprocessorAuthorizer.JobName, JobRunOutcome.Succeeded, 1, 0), (run.JobName, run.Outcome, run.Items, run.Errors));
        Assert.Equal(Effective, run.FinishedAt);
    }

    private static async Task<Guid> AnnounceAsync(TestDatabase database, string name = "Anthropic, PBC")
    {
        await using var db = database.CreateContext();
        var subprocessor = Subprocessor.Propose(new SubprocessorDetails(name, "LLM inference", ProcessingCategory.Llm, ["Prompts"], ["US"], [], "DPA", true, 0, RiskTier.High, null), Published);
        db.Notices.Add(subprocessor.PublishNotice(Published, Effective, Subprocessor.DefaultNoticePeriod));
        db.Subprocessors.Add(subprocessor);
        await db.SaveChangesAsync();
        return subprocessor.Id;
    }

    private static async Task<SubprocessorStatus> StatusAsync(TestDatabase database, Guid id)
    {
        await using var db = database.CreateContext();
        return await db.Subprocessors.Where(s => s.Id == id).Select(s => s.Status).SingleAsync();
    }
}
