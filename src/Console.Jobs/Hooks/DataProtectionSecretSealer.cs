using AdminConsole.Domain.Model.Dlp.Hooks;
using Microsoft.AspNetCore.DataProtection;

namespace AdminConsole.Jobs.Hooks;

/// <summary>Seals hook secrets with Data Protection: every node of the console shares the key ring, so any node can sign.</summary>
public sealed class DataProtectionSecretSealer(IDataProtectionProvider provider) : ISecretSealer
{
    public const string Purpose = "AdminConsole.DlpHookSecret";

    private readonly IDataProtector _protector = provider.CreateProtector(Purpose);

    public string Seal(string secret) => _protector.Protect(secret);

    public string Unseal(string sealedSecret) => _protector.Unprotect(sealedSecret);
}
