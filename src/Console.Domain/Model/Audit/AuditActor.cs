namespace AdminConsole.Domain.Model.Audit;

/// <summary>Who made a change: a signed-in user (object id, name, main role), the AI product's API key, or a job.</summary>
public sealed record AuditActor(string Id, string Name, string Role, string? SourceIp)
{
    public const int IdMaxLength = 64;
    public const int NameMaxLength = 200;
    public const int RoleMaxLength = 64;
    public const int SourceIpMaxLength = 64;

    public static AuditActor Job(string jobName) => new($"job:{jobName}", jobName, "System", null);
}
