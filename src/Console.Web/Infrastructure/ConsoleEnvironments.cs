namespace AdminConsole.Web.Infrastructure;

/// <summary>What each hosting environment allows beyond what Production does.</summary>
public static class ConsoleEnvironments
{
    public const string Testing = "Testing";

    /// <summary>
    /// Plain http — no redirect to https, an identity provider or a public address over http — is for a developer's
    /// machine and the tests only: anywhere else it would carry keys, tokens and unsubscribe links in clear.
    /// </summary>
    public static bool AllowsPlainHttp(this IHostEnvironment environment) =>
        environment.IsDevelopment() || environment.IsEnvironment(Testing);
}
