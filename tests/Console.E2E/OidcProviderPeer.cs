using System.Diagnostics;
using System.Text;
using System.Text.Json;
using AdminConsole.TestSupport;

namespace AdminConsole.E2E;

/// <summary>
/// A real OpenID Connect provider shaped like Entra ID (npm oidc-provider, tests/Console.E2E/peers/oidc-server.mjs)
/// on a loopback port: authorization code + PKCE, RS256 id_tokens with oid, tid and roles, RP-initiated logout.
/// </summary>
public sealed class OidcProviderPeer : IAsyncDisposable
{
    public const string ClientId = "3f2a1c9e-0b7d-4e55-9a11-6c0e2b7d8f41";
    public const string TenantId = "7d3c2b1a-5e4f-4a3b-9c8d-1e2f3a4b5c6d";

    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private OidcProviderPeer(Process process, int port, string clientSecret)
    {
        _process = process;
        Port = port;
        ClientSecret = clientSecret;
    }

    public int Port { get; }

    public string ClientSecret { get; }

    public string Instance => $"http://127.0.0.1:{Port}/";

    public sealed record Account(string Login, string Password, Guid Oid, string Name, string Email, string[] Roles);

    public static async Task<OidcProviderPeer> StartAsync(Uri app, IReadOnlyList<Account> accounts)
    {
        ArgumentNullException.ThrowIfNull(app);
        var script = Path.Combine(ConsoleServer.RepositoryRoot, "tests", "Console.E2E", "peers", "oidc-server.mjs");
        if (!Directory.Exists(Path.Combine(ConsoleServer.RepositoryRoot, "tests", "Console.E2E", "node_modules", "oidc-provider")))
            throw new InvalidOperationException("npm package oidc-provider is missing: ./test.sh installs the npm test peers (npm install in tests/Console.E2E).");
        var accountsFile = Path.Combine(Path.GetTempPath(), $"adminconsole-oidc-accounts-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(accountsFile, JsonSerializer.Serialize(accounts.Select(a => new
        {
            login = a.Login, password = a.Password, oid = a.Oid.ToString(), name = a.Name, email = a.Email, roles = a.Roles,
        })));

        var port = ConsoleServer.FreePort();
        var secret = Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(24));
        var start = new ProcessStartInfo("node") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(script);
        start.Environment["OIDC_PORT"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        start.Environment["OIDC_TENANT_ID"] = TenantId;
        start.Environment["OIDC_CLIENT_ID"] = ClientId;
        start.Environment["OIDC_CLIENT_SECRET"] = secret;
        start.Environment["OIDC_REDIRECT_URIS"] = new Uri(app, "signin-oidc").ToString();
        start.Environment["OIDC_POST_LOGOUT_REDIRECT_URIS"] = new Uri(app, "signout-callback-oidc").ToString();
        start.Environment["OIDC_ACCOUNTS"] = accountsFile;

        var process = new Process { StartInfo = start };
        var peer = new OidcProviderPeer(process, port, secret);
        var ready = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null)
                return;
            lock (peer._output)
                peer._output.AppendLine(e.Data);
            if (e.Data.StartsWith("oidc-server listening on", StringComparison.Ordinal))
                ready.TrySetResult();
        };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                lock (peer._output)
                    peer._output.AppendLine(e.Data);
            }
        };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var finished = await Task.WhenAny(ready.Task, process.WaitForExitAsync(), Task.Delay(TimeSpan.FromSeconds(30)));
        if (finished != ready.Task)
        {
            string output;
            lock (peer._output)
                output = peer._output.ToString();
            throw new InvalidOperationException($"The OpenID provider did not start:\n{output}");
        }

        return peer;
    }

    /// <summary>The console's settings for signing in with this provider, as environment variables.</summary>
    public Dictionary<string, string> ConsoleSettings() => new()
    {
        ["AzureAd__Instance"] = Instance,
        ["AzureAd__TenantId"] = TenantId,
        ["AzureAd__ClientId"] = ClientId,
        ["AzureAd__ClientSecret"] = ClientSecret,
        ["AzureAd__RequireHttpsMetadata"] = "false",
    };

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }
}
