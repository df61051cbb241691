using System.Net;
using AdminConsole.Domain.Commands;
using AdminConsole.Domain.Model.Access;
using AdminConsole.Domain.Model.Api;
using AdminConsole.Domain.Model.Audit;
using AdminConsole.Domain.Model.Workspaces;
using AdminConsole.Domain.Persistence;
using AdminConsole.Web.Auth;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace AdminConsole.Web.Tests;

/// <summary>
/// Every route the app maps × every role (and anonymous) → allowed or denied. The list of routes comes from
/// the app itself, so a new page or endpoint that is missing from <see cref="Expected"/> fails this test.
/// </summary>
public class AuthorizationMatrixTests(ITestOutputHelper output)
{
    private const string Anyone = "anyone";

    /// <summary>No console role, signed in or not: only a workspace API key (tested with one below).</summary>
    private const string ApiKeyHolder = "api-key";

    private static readonly string[] Personas = ["admin", "officer", "auditor", "workspace-admin", "no-role"];

    /// <summary>"METHOD /pattern" → who may use it: roles, or <see cref="Anyone"/> (anonymous included).</summary>
    private static readonly string[] AnyConsoleRole = [ConsoleRoles.Admin, ConsoleRoles.ComplianceOfficer, ConsoleRoles.Auditor, ConsoleRoles.WorkspaceAdmin];
    private static readonly string[] WorkspaceReaders = [ConsoleRoles.Admin, ConsoleRoles.ComplianceOfficer, ConsoleRoles.WorkspaceAdmin];
    private static readonly string[] AdminsOnly = [ConsoleRoles.Admin];
    private static readonly string[] RegistryReaders = [ConsoleRoles.Admin, ConsoleRoles.ComplianceOfficer, ConsoleRoles.Auditor];
    private static readonly string[] RegistryManagers = [ConsoleRoles.Admin, ConsoleRoles.ComplianceOfficer];
    private static readonly string[] ModelManagers = [ConsoleRoles.ComplianceOfficer];
    private static readonly string[] SubscriberReaders = [ConsoleRoles.Admin, ConsoleRoles.ComplianceOfficer];
    private static readonly string[] RetentionReaders = [ConsoleRoles.Admin, ConsoleRoles.ComplianceOfficer, ConsoleRoles.Auditor, ConsoleRoles.WorkspaceAdmin];
    private static readonly string[] TrashReaders = [ConsoleRoles.Admin, ConsoleRoles.ComplianceOfficer, ConsoleRoles.WorkspaceAdmin];
    private static readonly string[] HoldReaders = [ConsoleRoles.Admin, ConsoleRoles.ComplianceOfficer, ConsoleRoles.Auditor];
    private static readonly string[] JobReaders = [ConsoleRoles.Admin, ConsoleRoles.ComplianceOfficer, ConsoleRoles.Auditor];
    private static readonly string[] PostureReaders = [ConsoleRoles.Admin, ConsoleRoles.ComplianceOfficer, ConsoleRoles.Auditor];
    private static readonly string[] Public = [Anyone];
    private static readonly string[] ApiKeyManagers = [ConsoleRoles.Admin, ConsoleRoles.WorkspaceAdmin];
    private static readonly string[] ApiKeyOnly = [ApiKeyHolder];

    /// <summary>"METHOD /pattern" → who may use it: roles, or <see cref="Anyone"/> (anonymous included).</summary>
    private static readonly Dictionary<string, string[]> Expected = new()
    {
        // Pages answer GET and, for their forms, POST; both are guarded alike.
        ["GET /"] = AnyConsoleRole,
        ["POST /"] = AnyConsoleRole,
        ["GET /workspaces"] = WorkspaceReaders,
        ["POST /workspaces"] = WorkspaceReaders,
        ["GET /workspaces/new"] = AdminsOnly,
        ["POST /workspaces/new"] = AdminsOnly,
        ["GET /workspaces/{Id:guid}"] = WorkspaceReaders,
        ["POST /workspaces/{Id:guid}"] = WorkspaceReaders,
        ["GET /workspaces/{Id:guid}/api-keys"] = ApiKeyManagers,
        ["POST /workspaces/{Id:guid}/api-keys"] = ApiKeyManagers,

        // Every console role reads AI settings (auditors too: they are evidence); the page narrows it to the workspaces each may see.
        ["GET /workspaces/{Id:guid}/ai-settings"] = AnyConsoleRole,
        ["POST /workspaces/{Id:guid}/ai-settings"] = AnyConsoleRole,
        ["GET /workspaces/{Id:guid}/dlp-alerts"] = AnyConsoleRole,
        ["POST /workspaces/{Id:guid}/dlp-alerts"] = AnyConsoleRole,
        ["GET /workspaces/{Id:guid}/dlp-detectors"] = AnyConsoleRole,
        ["POST /workspaces/{Id:guid}/dlp-detectors"] = AnyConsoleRole,
        ["GET /workspaces/{Id:guid}/dlp-hooks"] = AnyConsoleRole,
        ["POST /workspaces/{Id:guid}/dlp-hooks"] = AnyConsoleRole,
        ["GET /audit"] = AnyConsoleRole,
        ["POST /audit"] = AnyConsoleRole,
        ["GET /audit/{Sequence:long}"] = AnyConsoleRole,
        ["POST /audit/{Sequence:long}"] = AnyConsoleRole,
        ["GET /subprocessors"] = RegistryReaders,
        ["POST /subprocessors"] = RegistryReaders,
        ["GET /subprocessors/new"] = RegistryManagers,
        ["POST /subprocessors/new"] = RegistryManagers,
        ["GET /subscribers"] = SubscriberReaders,
        ["POST /subscribers"] = SubscriberReaders,
        ["GET /subprocessors/{Id:guid}"] = RegistryReaders,
        ["POST /subprocessors/{Id:guid}"] = RegistryReaders,
        ["GET /models"] = RegistryReaders,
        ["POST /models"] = RegistryReaders,
        ["GET /models/new"] = ModelManagers,
        ["POST /models/new"] = ModelManagers,
        ["GET /models/{Id:guid}"] = RegistryReaders,
        ["POST /models/{Id:guid}"] = RegistryReaders,
        ["GET /subprocessors/notices/{Id:guid}"] = SubscriberReaders,
        ["POST /subprocessors/notices/{Id:guid}"] = SubscriberReaders,
        ["GET /retention"] = RetentionReaders,
        ["POST /retention"] = RetentionReaders,
        ["GET /workspaces/{Id:guid}/trash"] = TrashReaders,
        ["POST /workspaces/{Id:guid}/trash"] = TrashReaders,
        ["GET /workspaces/{Id:guid}/legal-holds"] = HoldReaders,
        ["POST /workspaces/{Id:guid}/legal-holds"] = HoldReaders,
        ["GET /legal-holds"] = HoldReaders,
        ["POST /legal-holds"] = HoldReaders,
        ["GET /reports"] = AnyConsoleRole,
        ["POST /reports"] = AnyConsoleRole,
        ["GET /jobs"] = JobReaders,
        ["POST /jobs"] = JobReaders,
        // The job host's dashboard, every method (its buttons post): admins only.
        ["* /jobs/hangfire/{**path}"] = AdminsOnly,
        ["GET /posture"] = PostureReaders,
        ["POST /posture"] = PostureReaders,
        ["GET /posture/{RuleCode}"] = PostureReaders,
        ["POST /posture/{RuleCode}"] = PostureReaders,
        ["GET /users"] = AdminsOnly,
        ["POST /users"] = AdminsOnly,
        ["GET /not-found"] = Public,
        ["POST /not-found"] = Public,
        ["GET /access-denied"] = Public,
        ["POST /access-denied"] = Public,
        ["GET /account/signed-out"] = Public,
        ["GET /trust"] = Public,
        ["POST /trust"] = Public,
        ["GET /trust/subprocessors.json"] = Public,
        ["GET /trust/subprocessors.atom"] = Public,
        ["GET /trust/confirm/"] = Public,
        ["POST /trust/confirm/"] = Public,
        ["GET /trust/unsubscribe/"] = Public,
        ["POST /trust/unsubscribe/"] = Public,
        ["GET /trust/object/"] = Public,
        ["POST /trust/object/"] = Public,
        ["POST /account/signed-out"] = Public,

        // The console's API.
        ["GET /api/console/workspaces/"] = WorkspaceReaders,
        ["GET /api/console/workspaces/{id:guid}"] = WorkspaceReaders,
        ["GET /api/console/audit/entries"] = AnyConsoleRole,
        ["GET /api/console/audit/entries/{sequence:long}"] = AnyConsoleRole,
        ["GET /api/console/audit/entries.csv"] = AnyConsoleRole,
        ["GET /api/console/audit/entries.jsonl"] = AnyConsoleRole,
        ["POST /api/console/audit/verify"] = [ConsoleRoles.Admin, ConsoleRoles.ComplianceOfficer, ConsoleRoles.Auditor],
        ["POST /api/console/subscribers.csv"] = SubscriberReaders,
        ["GET /api/console/reports/{id:guid}/file"] = AnyConsoleRole,
        ["GET /api/console/models/{id:guid}/evaluations/{evaluationId:guid}/evidence"] = RegistryReaders,
        ["GET /api/console/models/{id:guid}/card.md"] = RegistryReaders,
        ["GET /api/console/models/{id:guid}/card.json"] = RegistryReaders,

        // The AI product's API: anonymous at the cookie level, a workspace API key with the scope needed.
        ["GET /api/v1/key"] = ApiKeyOnly,
        ["GET /api/v1/workspaces/{workspaceId:guid}/retention-policy"] = ApiKeyOnly,
        ["GET /api/v1/workspaces/{workspaceId:guid}/ai-policy"] = ApiKeyOnly,
        ["GET /api/v1/workspaces/{workspaceId:guid}/dlp-hooks"] = ApiKeyOnly,
        ["POST /api/v1/workspaces/{workspaceId:guid}/dlp-hooks"] = ApiKeyOnly,
        ["DELETE /api/v1/workspaces/{workspaceId:guid}/dlp-hooks/{hookId:guid}"] = ApiKeyOnly,
        ["POST /api/v1/workspaces/{workspaceId:guid}/prompt-logs"] = ApiKeyOnly,
        ["POST /api/v1/workspaces/{workspaceId:guid}/ai-outputs"] = ApiKeyOnly,
        ["POST /api/v1/workspaces/{workspaceId:guid}/provider-requests"] = ApiKeyOnly,
        ["POST /api/v1/workspaces/{workspaceId:guid}/pages"] = ApiKeyOnly,
        ["POST /api/v1/workspaces/{workspaceId:guid}/embeddings"] = ApiKeyOnly,
        ["DELETE /api/v1/workspaces/{workspaceId:guid}/pages/{pageId:guid}"] = ApiKeyOnly,
        ["POST /api/v1/workspaces/{workspaceId:guid}/pages/{pageId:guid}/restore"] = ApiKeyOnly,
        ["DELETE /api/v1/workspaces/{workspaceId:guid}/"] = ApiKeyOnly,
        ["POST /api/v1/workspaces/{workspaceId:guid}/restore"] = ApiKeyOnly,
        ["POST /api/v1/model-evaluations"] = ApiKeyOnly,
        ["GET /api/v1/openapi.json"] = Public,

        // Signing in and out, health, static files (the OpenID Connect callbacks are the handler's, not endpoints).
        ["GET /account/sign-in"] = Public,
        ["POST /account/sign-out"] = Public,
        ["GET /account/dev-sign-in"] = Public,
        ["POST /account/dev-sign-in"] = Public,
        ["* /health"] = Public,
        ["GET /{**path:file}"] = Public,
        ["HEAD /{**path:file}"] = Public,

        // The Blazor circuit's own endpoints fall under the fallback policy: a console role.
        ["* /_blazor"] = AnyConsoleRole,
        ["* /_blazor/negotiate"] = AnyConsoleRole,
        ["* /_blazor/disconnect/"] = AnyConsoleRole,
        ["* /_blazor/initializers/"] = AnyConsoleRole,
        ["GET /_framework/opaque-redirect"] = AnyConsoleRole,
    };

    /// <summary>
    /// Every route the app maps, as every persona and anonymous, on both databases: allowed or denied as the matrix
    /// says, and never answered with a server error (pages have 500'd on one database only before).
    /// </summary>
    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task EveryRouteAndRole_IsAllowedOrDeniedAsExpected_AndNeverAServerError(DatabaseProvider provider)
    {
        await using var factory = await ConsoleFactory.StartAsync(provider);
        var (workspaceId, entrySequence) = await SeedAsync(factory);
        var routes = AppRoutes(factory);

        var unknown = routes.Where(r => !Expected.ContainsKey(r.Key)).Select(r => r.Key).ToList();
        Assert.True(unknown.Count == 0, "Routes without an expected access rule (add them to the matrix):\n" + string.Join('\n', unknown));
        var missing = Expected.Keys.Where(k => !routes.ContainsKey(k)).ToList();
        Assert.True(missing.Count == 0, "Rules for routes the app no longer maps:\n" + string.Join('\n', missing));

        var failures = new List<string>();
        foreach (var persona in Personas.Append<string?>(null))
        {
            using var client = await factory.CreateClientAsAsync(persona);
            var role = persona is null ? null : PersonaRole(persona);
            foreach (var (key, (method, path)) in routes)
            {
                var allowed = Expected[key].Contains(Anyone) || (role is not null && Expected[key].Contains(role));
                var url = Url(path, workspaceId, entrySequence);
                using var request = new HttpRequestMessage(new HttpMethod(method == "*" ? "GET" : method), url);
                using var response = await client.SendAsync(request);
                if (persona is not null && IsSentToSignIn(response))
                    failures.Add($"{persona} {key}: the signed-in persona was sent to sign in again ({(int)response.StatusCode})");
                var denied = IsDenied(response, persona is null);
                output.WriteLine($"{persona ?? "anonymous",-16} {key,-50} {(int)response.StatusCode} {(denied ? "denied" : "allowed")}");
                if (denied == allowed)
                    failures.Add($"{persona ?? "anonymous"} {key}: expected {(allowed ? "allowed" : "denied")}, got {(int)response.StatusCode} {response.Headers.Location}");
                if ((int)response.StatusCode >= 500)
                    failures.Add($"{persona ?? "anonymous"} {key}: server error {(int)response.StatusCode}");
            }
        }

        // With a key of the workspace that has every scope, each API route lets the request through (the answer may
        // still refuse its body); the key's own workspace is the one in the URL.
        var (_, secret) = await factory.Services.GetRequiredService<ApiKeyCommands>()
            .IssueAsync(new AuditActor("seed", "Seed", ConsoleRoles.Admin, null), workspaceId, "Matrix", ApiScopes.All);
        using var keyClient = ConsoleFactory.CreateHttpsClient(factory);
        keyClient.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", secret);
        foreach (var (key, (method, path)) in routes.Where(r => Expected[r.Key] == ApiKeyOnly))
        {
            using var request = new HttpRequestMessage(new HttpMethod(method), Url(path, workspaceId, entrySequence));
            using var response = await keyClient.SendAsync(request);
            output.WriteLine($"{"api-key",-16} {key,-50} {(int)response.StatusCode}");
            if (IsDenied(response, anonymous: true))
                failures.Add($"api-key {key}: expected allowed, got {(int)response.StatusCode}");
            if ((int)response.StatusCode >= 500)
                failures.Add($"api-key {key}: server error {(int)response.StatusCode}");
        }

        Assert.True(failures.Count == 0, string.Join('\n', failures));
    }

    private static string Url(string path, Guid workspaceId, long entrySequence) =>
        path.Replace("{Id:guid}", workspaceId.ToString(), StringComparison.Ordinal)
            .Replace("{id:guid}", workspaceId.ToString(), StringComparison.Ordinal)
            .Replace("{workspaceId:guid}", workspaceId.ToString(), StringComparison.Ordinal)
            .Replace("{pageId:guid}", Guid.NewGuid().ToString(), StringComparison.Ordinal)
            .Replace("{hookId:guid}", Guid.NewGuid().ToString(), StringComparison.Ordinal)
            .Replace("{evaluationId:guid}", Guid.NewGuid().ToString(), StringComparison.Ordinal)
            .Replace("{Sequence:long}", entrySequence.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal)
            .Replace("{sequence:long}", entrySequence.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal)
            .Replace("{RuleCode}", "review-overdue", StringComparison.Ordinal)
            .Replace("{**path:file}", "css/app.css", StringComparison.Ordinal)
            .Replace("{**path}", "servers", StringComparison.Ordinal);

    /// <summary>Denied: a redirect to sign-in (anonymous pages), to access-denied (pages), or 401/403 (API).</summary>
    private static bool IsDenied(HttpResponseMessage response, bool anonymous)
    {
        if (response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden)
            return true;
        var location = response.Headers.Location?.ToString() ?? string.Empty;
        return response.StatusCode == HttpStatusCode.Redirect
            && (location.Contains("/access-denied", StringComparison.Ordinal)
                || (anonymous && location.Contains(AccountEndpoints.SignInPath, StringComparison.Ordinal)));
    }

    private static bool IsSentToSignIn(HttpResponseMessage response) =>
        response.StatusCode == HttpStatusCode.Redirect
        && response.Headers.Location?.ToString().Contains(AccountEndpoints.SignInPath, StringComparison.Ordinal) == true;

    private static string? PersonaRole(string persona) => DevelopmentPersonas.Find(persona)!.Role;

    /// <summary>Every route the app maps, but static files (public by design).</summary>
    private static Dictionary<string, (string Method, string Path)> AppRoutes(ConsoleFactory factory)
    {
        var routes = new Dictionary<string, (string, string)>();
        foreach (var endpoint in factory.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>())
        {
            if (endpoint.Metadata.Any(m => m.GetType().Name.Contains("StaticAsset", StringComparison.Ordinal)))
                continue;
            var path = "/" + endpoint.RoutePattern.RawText?.TrimStart('/');
            var methods = endpoint.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["*"];
            foreach (var method in methods)
                routes[$"{method} {path}"] = (method, path);
        }

        return routes;
    }

    private static async Task<(Guid Workspace, long Entry)> SeedAsync(ConsoleFactory factory)
    {
        var commands = factory.Services.GetRequiredService<WorkspaceCommands>();
        var actor = new AuditActor("seed", "Seed", ConsoleRoles.Admin, null);
        var id = await commands.CreateAsync(actor, "Acme Research", Plan.Business, DataRegion.EU);
        await commands.AssignAdministratorAsync(actor, id, DevelopmentPersonas.Find("workspace-admin")!.ObjectId);
        await using var db = await factory.Services.GetRequiredService<IDbContextFactory<ConsoleDbContext>>().CreateDbContextAsync();
        var entry = await db.AuditEntries.Where(e => e.WorkspaceId == id).MinAsync(e => e.Sequence);
        return (id, entry);
    }
}
