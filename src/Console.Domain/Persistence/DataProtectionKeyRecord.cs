namespace AdminConsole.Domain.Persistence;

/// <summary>
/// An ASP.NET Core Data Protection key, kept in the database so that every web node shares the keys that
/// protect auth cookies and antiforgery tokens.
/// </summary>
public sealed class DataProtectionKeyRecord
{
    public int Id { get; set; }

    public string? FriendlyName { get; set; }

    public string Xml { get; set; } = string.Empty;
}
