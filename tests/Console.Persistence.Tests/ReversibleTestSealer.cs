using System.Text;
using AdminConsole.Domain.Model.Dlp.Hooks;

namespace AdminConsole.Persistence.Tests;

/// <summary>Stands in for Data Protection in these tests: what is stored must differ from the secret and come back unchanged.</summary>
internal sealed class ReversibleTestSealer : ISecretSealer
{
    public string Seal(string secret) => "sealed:" + Convert.ToBase64String(Encoding.UTF8.GetBytes(new string(secret.Reverse().ToArray())));

    public string Unseal(string sealedSecret) => new(Encoding.UTF8.GetString(Convert.FromBase64String(sealedSecret["sealed:".Length..])).Reverse().ToArray());
}
