using AdminConsole.Domain.Model.Common;
using AdminConsole.Domain.Model.Workspaces;

namespace AdminConsole.Domain.Tests;

public class WorkspaceTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 1, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Create_WithValidInput_IsActiveWithTrimmedName()
    {
        var workspace = Workspace.Create("  Acme Research  ", Plan.Enterprise, DataRegion.EU, Now);

        Assert.Equal("Acme Research", workspace.Name);
        Assert.Equal(Plan.Enterprise, workspace.Plan);
        Assert.Equal(DataRegion.EU, workspace.Region);
        Assert.Equal(WorkspaceStatus.Active, workspace.Status);
        Assert.Equal(Now, workspace.CreatedAt);
        Assert.NotEqual(Guid.Empty, workspace.Id);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    public void Create_WithoutName_IsRefusedOnTheNameField(string? name)
    {
        var error = Assert.Throws<DomainRuleException>(() => Workspace.Create(name, Plan.Free, DataRegion.US, Now));

        Assert.Equal("Name", error.Field);
        Assert.Equal("Name is required.", error.Message);
    }

    [Fact]
    public void Create_WithNameOverMaxLength_IsRefused()
    {
        var error = Assert.Throws<DomainRuleException>(() => Workspace.Create(new string('a', Workspace.NameMaxLength + 1), Plan.Free, DataRegion.US, Now));

        Assert.Equal("Name", error.Field);
        Assert.Contains("at most 100", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Create_WithNameAtMaxLength_IsAccepted()
    {
        var workspace = Workspace.Create(new string('a', Workspace.NameMaxLength), Plan.Free, DataRegion.US, Now);

        Assert.Equal(Workspace.NameMaxLength, workspace.Name.Length);
    }

    [Fact]
    public void Create_WithControlCharacterInName_IsRefused()
    {
        var error = Assert.Throws<DomainRuleException>(() => Workspace.Create("Acme\u0007", Plan.Free, DataRegion.US, Now));

        Assert.Equal("Name", error.Field);
    }

    [Fact]
    public void Create_WithUnknownPlan_IsRefusedNamingTheAllowedPlans()
    {
        var error = Assert.Throws<DomainRuleException>(() => Workspace.Create("Acme", (Plan)42, DataRegion.US, Now));

        Assert.Equal("Plan", error.Field);
        Assert.Contains("Free, Plus, Business, Enterprise", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Create_WithUnknownRegion_IsRefused()
    {
        var error = Assert.Throws<DomainRuleException>(() => Workspace.Create("Acme", Plan.Free, (DataRegion)9, Now));

        Assert.Equal("Region", error.Field);
    }

    [Fact]
    public void ChangePlan_ToUnknownPlan_LeavesThePlanUnchanged()
    {
        var workspace = Workspace.Create("Acme", Plan.Business, DataRegion.US, Now);

        Assert.Throws<DomainRuleException>(() => workspace.ChangePlan((Plan)7, Now.AddHours(1)));

        Assert.Equal(Plan.Business, workspace.Plan);
        Assert.Equal(Now, workspace.UpdatedAt);
    }

    [Fact]
    public void Rename_RecordsTheTimeOfTheChange()
    {
        var workspace = Workspace.Create("Acme", Plan.Business, DataRegion.US, Now);

        workspace.Rename("Acme Legal", Now.AddHours(2));

        Assert.Equal("Acme Legal", workspace.Name);
        Assert.Equal(Now.AddHours(2), workspace.UpdatedAt);
        Assert.Equal(Now, workspace.CreatedAt);
    }

    [Fact]
    public void AddTeam_WithNameAlreadyTakenIgnoringCase_IsRefused()
    {
        var workspace = Workspace.Create("Acme", Plan.Business, DataRegion.US, Now);
        workspace.AddTeam("Legal", Now);

        var error = Assert.Throws<DomainRuleException>(() => workspace.AddTeam("legal", Now));

        Assert.Equal("Name", error.Field);
        Assert.Single(workspace.Teams);
    }

    [Fact]
    public void AddMember_TwiceForTheSameUser_IsRefused()
    {
        var workspace = Workspace.Create("Acme", Plan.Business, DataRegion.US, Now);
        var oid = Guid.NewGuid();
        workspace.AddMember(oid, "Ada Lovelace", "ada@acme.example", Now);

        var error = Assert.Throws<DomainRuleException>(() => workspace.AddMember(oid, "Ada L.", "ada2@acme.example", Now));

        Assert.Equal("UserObjectId", error.Field);
        Assert.Single(workspace.Members);
    }

    [Theory]
    [InlineData("not-an-email")]
    [InlineData("ada@")]
    [InlineData("Ada <ada@acme.example>")]
    public void AddMember_WithInvalidEmail_IsRefusedOnTheEmailField(string email)
    {
        var workspace = Workspace.Create("Acme", Plan.Business, DataRegion.US, Now);

        var error = Assert.Throws<DomainRuleException>(() => workspace.AddMember(Guid.NewGuid(), "Ada", email, Now));

        Assert.Equal("Email", error.Field);
        Assert.Empty(workspace.Members);
    }

    [Fact]
    public void AddMember_WithEmptyObjectId_IsRefused()
    {
        var workspace = Workspace.Create("Acme", Plan.Business, DataRegion.US, Now);

        var error = Assert.Throws<DomainRuleException>(() => workspace.AddMember(Guid.Empty, "Ada", "ada@acme.example", Now));

        Assert.Equal("UserObjectId", error.Field);
    }

    [Fact]
    public void AssignToTeam_OfAnotherWorkspace_IsRefused()
    {
        var acme = Workspace.Create("Acme", Plan.Business, DataRegion.US, Now);
        var globex = Workspace.Create("Globex", Plan.Business, DataRegion.US, Now);
        var member = acme.AddMember(Guid.NewGuid(), "Ada", "ada@acme.example", Now);
        var foreignTeam = globex.AddTeam("Legal", Now);

        Assert.Throws<DomainRuleException>(() => acme.AssignToTeam(member.Id, foreignTeam.Id, Now));

        Assert.Empty(member.Teams);
    }

    [Fact]
    public void RemoveTeam_TakesItsMembersOutOfTheTeamButKeepsThemInTheWorkspace()
    {
        var workspace = Workspace.Create("Acme", Plan.Business, DataRegion.US, Now);
        var team = workspace.AddTeam("Legal", Now);
        var member = workspace.AddMember(Guid.NewGuid(), "Ada", "ada@acme.example", Now);
        workspace.AssignToTeam(member.Id, team.Id, Now);

        workspace.RemoveTeam(team.Id, Now);

        Assert.Empty(workspace.Teams);
        Assert.Empty(member.Teams);
        Assert.Single(workspace.Members);
    }
}
