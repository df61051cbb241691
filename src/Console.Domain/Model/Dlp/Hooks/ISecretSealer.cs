namespace AdminConsole.Domain.Model.Dlp.Hooks;

/// <summary>
/// Seals secrets that the console must use again later (a hook's signing secret), so the database never holds them in
/// clear. The console's implementation uses Data Protection, whose key ring every node shares.
/// </summary>
public interface ISecretSealer
{
    string Seal(string secret);

    string Unseal(string sealedSecret);
}
