using AdminConsole.Domain.Commands;
using AdminConsole.Domain.Model.Audit;
using AdminConsole.Domain.Model.Common;
using AdminConsole.Domain.Model.Retention;
using AdminConsole.Domain.Model.Workspaces;
using AdminConsole.Domain.Persistence;
using AdminConsole.TestSupport;

namespace AdminConsole.Persistence.Tests;

/// <summary>
/// The one place this node's caches hear of its own changes: after the commit, the workspaces the audit entries name (all
/// of them for an entry that names none); nothing for a refused change.
/// </summary>
public sealed class CommittedChangesTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 5, 9, 0, 0, TimeSpan.Zero);
    private static readonly AuditActor Actor = new("tester", "Test Admin", "Console.Admin", "127.0.0.1");

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task CommittedChanges_TellTheirWorkspaces_RefusedOnesTellNobody(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await database.MigrateAsync();
        var heard = new Listener();
        var factory = database.CreateFactory(new CommittedChangesInterceptor(() => [heard]));
        var clock = new FakeClock(Now);
        var workspaces = new WorkspaceCommands(factory, clock);

        var acme = await workspaces.CreateAsync(Actor, "Acme", Plan.Business, DataRegion.US);
        Assert.Equal([acme], heard.Workspaces);

        heard.Clear();
        await workspaces.UpdateAsync(Actor, acme, "Acme", Plan.Enterprise);
        await new ApiKeyCommands(factory, clock).IssueAsync(Actor, acme, "CI", ["policy:read"]);
        Assert.Equal([acme, acme], heard.Workspaces);
        Assert.Equal(0, heard.All);

        heard.Clear();
        await Assert.ThrowsAsync<DomainRuleException>(() => workspaces.AddTeamAsync(Actor, acme, "   "));
        Assert.Empty(heard.Workspaces);

        // A plan's retention terms concern every workspace.
        await new RetentionPolicyCommands(factory, clock).ChangeAsync(Actor, Plan.Business, RetentionTerms.DefaultFor(Plan.Business) with { ProviderRetentionDays = 14 }, 1);
        Assert.Equal(1, heard.All);
        Assert.Empty(heard.Workspaces);
    }

    private sealed class Listener : IWorkspaceChangeListener
    {
        public List<Guid> Workspaces { get; } = [];

        public int All { get; private set; }

        public void Changed(Guid workspaceId) => Workspaces.Add(workspaceId);

        public void ChangedAll() => All++;

        public void Clear()
        {
            Workspaces.Clear();
            All = 0;
        }
    }
}
