using AdminConsole.Domain.Model.Common;

namespace AdminConsole.Domain.Model.Workspaces;

/// <summary>
/// A customer's workspace: the unit of isolation for AI settings, data lifecycle and DLP.
/// Teams and members are part of the aggregate and change only through it.
/// </summary>
public sealed class Workspace
{
    public const int NameMaxLength = 100;

    private readonly List<Team> _teams = [];
    private readonly List<Member> _members = [];
    private readonly List<WorkspaceAdministrator> _administrators = [];

    private Workspace()
    {
        Name = string.Empty;
    }

    public Guid Id { get; private set; }

    public string Name { get; private set; }

    public Plan Plan { get; private set; }

    public DataRegion Region { get; private set; }

    public WorkspaceStatus Status { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public DateTimeOffset UpdatedAt { get; private set; }

    /// <summary>When the customer deleted it; null while it is active.</summary>
    public DateTimeOffset? DeletedAt { get; private set; }

    public IReadOnlyCollection<Team> Teams => _teams.AsReadOnly();

    public IReadOnlyCollection<Member> Members => _members.AsReadOnly();

    public IReadOnlyCollection<WorkspaceAdministrator> Administrators => _administrators.AsReadOnly();

    public static Workspace Create(string? name, Plan plan, DataRegion region, DateTimeOffset now) => new()
    {
        Id = Guid.NewGuid(),
        Name = Guard.Text(name, nameof(Name), "Name", NameMaxLength),
        Plan = Guard.Defined(plan, nameof(Plan), "Plan"),
        Region = Guard.Defined(region, nameof(Region), "Data region"),
        Status = WorkspaceStatus.Active,
        CreatedAt = now,
        UpdatedAt = now,
    };

    public void Rename(string? name, DateTimeOffset now)
    {
        EnsureActive();
        Name = Guard.Text(name, nameof(Name), "Name", NameMaxLength);
        UpdatedAt = now;
    }

    public void ChangePlan(Plan plan, DateTimeOffset now)
    {
        EnsureActive();
        Plan = Guard.Defined(plan, nameof(Plan), "Plan");
        UpdatedAt = now;
    }

    public Team AddTeam(string? name, DateTimeOffset now)
    {
        EnsureActive();
        var teamName = Guard.Text(name, nameof(Team.Name), "Team name", Team.NameMaxLength);
        if (_teams.Any(t => string.Equals(t.Name, teamName, StringComparison.OrdinalIgnoreCase)))
            throw new DomainRuleException(nameof(Team.Name), $"A team named '{teamName}' already exists in this workspace.");
        var team = new Team(Id, teamName);
        _teams.Add(team);
        UpdatedAt = now;
        return team;
    }

    public void RemoveTeam(Guid teamId, DateTimeOffset now)
    {
        EnsureActive();
        var team = _teams.SingleOrDefault(t => t.Id == teamId)
            ?? throw new DomainRuleException(nameof(Team), "The team does not belong to this workspace.");
        foreach (var member in _members)
            member.LeaveTeam(team);
        _teams.Remove(team);
        UpdatedAt = now;
    }

    public Member AddMember(Guid userObjectId, string? displayName, string? email, DateTimeOffset now)
    {
        EnsureActive();
        if (userObjectId == Guid.Empty)
            throw new DomainRuleException(nameof(Member.UserObjectId), "User object id is required.");
        if (_members.Any(m => m.UserObjectId == userObjectId))
            throw new DomainRuleException(nameof(Member.UserObjectId), "This user is already a member of the workspace.");
        var member = new Member(
            Id,
            userObjectId,
            Guard.Text(displayName, nameof(Member.DisplayName), "Display name", Member.DisplayNameMaxLength),
            Guard.Email(email, nameof(Member.Email), Member.EmailMaxLength),
            now);
        _members.Add(member);
        UpdatedAt = now;
        return member;
    }

    public void RemoveMember(Guid memberId, DateTimeOffset now)
    {
        EnsureActive();
        var member = FindMember(memberId);
        _members.Remove(member);
        UpdatedAt = now;
    }

    public void ChangeMemberRole(Guid memberId, MemberRole role, DateTimeOffset now)
    {
        EnsureActive();
        var member = FindMember(memberId);
        member.ChangeRole(Guard.Defined(role, nameof(Member.Role), "Member role"));
        UpdatedAt = now;
    }

    public void AssignToTeam(Guid memberId, Guid teamId, DateTimeOffset now)
    {
        EnsureActive();
        var member = FindMember(memberId);
        var team = _teams.SingleOrDefault(t => t.Id == teamId)
            ?? throw new DomainRuleException(nameof(Team), "The team does not belong to this workspace.");
        member.JoinTeam(team);
        UpdatedAt = now;
    }

    public void RemoveFromTeam(Guid memberId, Guid teamId, DateTimeOffset now)
    {
        EnsureActive();
        var member = FindMember(memberId);
        var team = _teams.SingleOrDefault(t => t.Id == teamId)
            ?? throw new DomainRuleException(nameof(Team), "The team does not belong to this workspace.");
        member.LeaveTeam(team);
        UpdatedAt = now;
    }

    public void AssignAdministrator(Guid userObjectId, DateTimeOffset now)
    {
        EnsureActive();
        if (userObjectId == Guid.Empty)
            throw new DomainRuleException(nameof(WorkspaceAdministrator.UserObjectId), "User object id is required.");
        if (_administrators.Any(a => a.UserObjectId == userObjectId))
            throw new DomainRuleException(nameof(WorkspaceAdministrator.UserObjectId), "This user already administers the workspace.");
        _administrators.Add(new WorkspaceAdministrator(Id, userObjectId, now));
        UpdatedAt = now;
    }

    public void RemoveAdministrator(Guid userObjectId, DateTimeOffset now)
    {
        var assignment = _administrators.SingleOrDefault(a => a.UserObjectId == userObjectId)
            ?? throw new DomainRuleException(nameof(WorkspaceAdministrator.UserObjectId), "This user does not administer the workspace.");
        _administrators.Remove(assignment);
        UpdatedAt = now;
    }

    /// <summary>Deleted by the customer: restorable until the restore window ends, then purged. Repeating it changes nothing (false).</summary>
    public bool Delete(DateTimeOffset now)
    {
        if (Status == WorkspaceStatus.DeletedRestorable)
            return false;
        EnsureActive();
        Status = WorkspaceStatus.DeletedRestorable;
        DeletedAt = now;
        UpdatedAt = now;
        return true;
    }

    /// <summary>Active again, only before the restore window ends; refused with the reason after that.</summary>
    public void Restore(DateTimeOffset now, TimeSpan restoreWindow)
    {
        if (Status != WorkspaceStatus.DeletedRestorable || DeletedAt is not { } deleted)
            throw new DomainRuleException(nameof(Status), Status == WorkspaceStatus.Purged ? "The workspace is purged for good and cannot be restored." : "The workspace is not deleted.");
        if (Lifecycle.Page.WhyNotRestorable(deleted, now, restoreWindow) is { } reason)
            throw new DomainRuleException(nameof(Status), reason);
        Status = WorkspaceStatus.Active;
        DeletedAt = null;
        UpdatedAt = now;
    }

    /// <summary>Its data is gone: only the record that it existed stays.</summary>
    public void MarkPurged(DateTimeOffset now)
    {
        if (Status != WorkspaceStatus.DeletedRestorable)
            throw new DomainRuleException(nameof(Status), "Only a deleted workspace can be purged.");
        Status = WorkspaceStatus.Purged;
        UpdatedAt = now;
    }

    private Member FindMember(Guid memberId) =>
        _members.SingleOrDefault(m => m.Id == memberId)
        ?? throw new DomainRuleException(nameof(Member), "The member does not belong to this workspace.");

    private void EnsureActive()
    {
        if (Status != WorkspaceStatus.Active)
            throw new DomainRuleException(nameof(Status), $"The workspace is {Status} and can no longer be changed.");
    }
}
