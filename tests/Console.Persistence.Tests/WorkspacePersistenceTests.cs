using AdminConsole.Domain.Commands;
using AdminConsole.Domain.Model.Audit;
using AdminConsole.Domain.Model.Common;
using AdminConsole.Domain.Model.Workspaces;
using AdminConsole.Domain.Persistence;
using AdminConsole.TestSupport;
using Microsoft.EntityFrameworkCore;

namespace AdminConsole.Persistence.Tests;

public class WorkspacePersistenceTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 1, 9, 30, 15, 123, TimeSpan.Zero);

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task Workspace_WithTeamsAndMembers_RoundTrips(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await database.MigrateAsync();
        var workspace = Workspace.Create("Acme Research", Plan.Enterprise, DataRegion.EU, Now);
        var legal = workspace.AddTeam("Legal", Now);
        var oid = Guid.NewGuid();
        var ada = workspace.AddMember(oid, "Ada Lovelace", "ada@acme.example", Now.AddMinutes(5));
        workspace.AssignToTeam(ada.Id, legal.Id, Now.AddMinutes(6));
        await using (var db = database.CreateContext())
        {
            db.Workspaces.Add(workspace);
            await db.SaveChangesAsync();
        }

        await using var read = database.CreateContext();
        var loaded = await read.Workspaces.Include(w => w.Teams).Include(w => w.Members).ThenInclude(m => m.Teams)
            .SingleAsync(w => w.Id == workspace.Id);

        Assert.Equal("Acme Research", loaded.Name);
        Assert.Equal(Plan.Enterprise, loaded.Plan);
        Assert.Equal(DataRegion.EU, loaded.Region);
        Assert.Equal(Now, loaded.CreatedAt);
        Assert.Equal(Now.AddMinutes(6), loaded.UpdatedAt);
        var member = Assert.Single(loaded.Members);
        Assert.Equal(oid, member.UserObjectId);
        Assert.Equal("Legal", Assert.Single(member.Teams).Name);
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task AddMember_RefusedByTheModel_SavesNothing(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await database.MigrateAsync();
        var commands = new WorkspaceCommands(database.CreateFactory(), new FakeClock(Now));
        var actor = new AuditActor("tester", "Test Admin", "Console.Admin", "127.0.0.1");
        var id = await commands.CreateAsync(actor, "Acme", Plan.Business, DataRegion.US);
        var teamId = await commands.AddTeamAsync(actor, id, "Legal");

        // The member is valid; the team is not this workspace's: the whole change must be refused.
        await Assert.ThrowsAsync<DomainRuleException>(() => commands.AddMemberAsync(actor, id, Guid.NewGuid(), "Ada", "ada@acme.example", Guid.NewGuid()));
        await Assert.ThrowsAsync<DomainRuleException>(() => commands.AddMemberAsync(actor, id, Guid.NewGuid(), "Ada", "not-an-email", teamId));

        await using var db = database.CreateContext();
        Assert.Equal(0, await db.Members.CountAsync());
        Assert.Equal(Now, (await db.Workspaces.SingleAsync()).UpdatedAt);

        // Two changes were saved (workspace, team), so two audit entries; the refused ones left none.
        Assert.Equal(["workspace.created", "team.added"], await db.AuditEntries.OrderBy(e => e.Sequence).Select(e => e.Action).ToListAsync());
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task DuplicateMember_AddedConcurrently_IsRefusedByTheDatabase(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await database.MigrateAsync();
        await using (var db = database.CreateContext())
        {
            db.Workspaces.Add(Workspace.Create("Acme", Plan.Business, DataRegion.US, Now));
            await db.SaveChangesAsync();
        }

        // Two admins add the same person at once: both pass the model's check, the unique index stops the second.
        await using var first = database.CreateContext();
        await using var second = database.CreateContext();
        var a = await first.Workspaces.Include(w => w.Members).SingleAsync();
        var b = await second.Workspaces.Include(w => w.Members).SingleAsync();
        var oid = Guid.NewGuid();
        a.AddMember(oid, "Ada", "ada@acme.example", Now);
        b.AddMember(oid, "Ada again", "ada2@acme.example", Now);
        await first.SaveChangesAsync();

        await Assert.ThrowsAsync<DbUpdateException>(() => second.SaveChangesAsync());
        await using var check = database.CreateContext();
        Assert.Equal(1, await check.Members.CountAsync());
    }
}
