using System.Security.Claims;
using System.Text.Encodings.Web;
using AdminConsole.Domain.Model.Api;
using AdminConsole.Domain.Model.Audit;
using AdminConsole.Domain.Persistence;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace AdminConsole.Web.Api;

/// <summary>
/// <c>Authorization: Bearer ack_…</c> at <c>/api/v1</c>. Keys are checked against this node's <see cref="ApiKeyCache"/>
/// (read from the database on a miss): a key revoked on this node fails on the very next request, on another node
/// within a second. Its last-used time is written at most once a minute. Failures answer
/// 401 problem details with <c>WWW-Authenticate: Bearer</c>, a missing scope 403; the secret is never logged.
/// </summary>
internal sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    IDbContextFactory<ConsoleDbContext> dbFactory,
    ApiKeyCache keys,
    TimeProvider clock,
    IProblemDetailsService problems)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiKey";
    public const string ScopeClaim = "scope";
    public const string WorkspaceClaim = "workspace";
    public const string KeyIdClaim = "api_key";

    private const string BearerPrefix = "Bearer ";
    private const string Unusable = "The API key is unknown, revoked or mistyped.";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        string? header = Request.Headers.Authorization;
        if (string.IsNullOrEmpty(header))
            return AuthenticateResult.NoResult();
        if (!header.StartsWith(BearerPrefix, StringComparison.OrdinalIgnoreCase))
            return AuthenticateResult.Fail("Send the API key as 'Authorization: Bearer <API key>'.");
        var secret = header[BearerPrefix.Length..].Trim();
        if (ApiKey.KeyIdOf(secret) is not { } keyId)
            return AuthenticateResult.Fail(Unusable);

        var cached = await FindAsync(keyId).ConfigureAwait(false);
        var key = cached?.Key;
        if (key is null || !key.Matches(secret) || key.IsRevoked)
            return AuthenticateResult.Fail(Unusable);

        var now = clock.GetUtcNow();
        if (cached!.ClaimUseRecording(now))
        {
            // Conditional, so that several nodes record one use per minute between them.
            var stale = now - ApiKey.LastUsedResolution;
            await using var db = await dbFactory.CreateDbContextAsync(Context.RequestAborted).ConfigureAwait(false);
            await db.ApiKeys.Where(k => k.Id == key.Id && (k.LastUsedAt == null || k.LastUsedAt <= stale))
                .ExecuteUpdateAsync(s => s.SetProperty(k => k.LastUsedAt, now), Context.RequestAborted).ConfigureAwait(false);
        }

        var claims = new List<Claim>
        {
            new(ClaimTypes.NameIdentifier, key.Id.ToString()),
            new(ClaimTypes.Name, key.Name),
            new(KeyIdClaim, key.KeyId),
            new(WorkspaceClaim, key.WorkspaceId.ToString()),
        };
        claims.AddRange(key.ScopeList.Select(s => new Claim(ScopeClaim, s)));
        var principal = new ClaimsPrincipal(new ClaimsIdentity(claims, SchemeName));
        return AuthenticateResult.Success(new AuthenticationTicket(principal, SchemeName));
    }

    /// <summary>The key from this node's cache, else from the database (and then cached); null for an unknown key id.</summary>
    private async Task<CachedApiKey?> FindAsync(string keyId)
    {
        if (keys.TryGet(keyId, out var cached))
            return cached;
        await using var db = await dbFactory.CreateDbContextAsync(Context.RequestAborted).ConfigureAwait(false);
        var workspace = await db.ApiKeys.AsNoTracking().Where(k => k.KeyId == keyId).Select(k => (Guid?)k.WorkspaceId)
            .SingleOrDefaultAsync(Context.RequestAborted).ConfigureAwait(false);
        if (workspace is not { } workspaceId)
            return null;

        // The stamp is taken before the row is read: a revocation committed meanwhile leaves nothing cached.
        var stamp = keys.StampFor(workspaceId);
        var key = await db.ApiKeys.AsNoTracking().SingleOrDefaultAsync(k => k.KeyId == keyId, Context.RequestAborted).ConfigureAwait(false);
        if (key is null)
            return null;
        cached = new CachedApiKey(key);
        keys.Set(keyId, cached, stamp);
        return cached;
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        var result = await HandleAuthenticateOnceSafeAsync().ConfigureAwait(false);
        var failed = result.Failure is not null;
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers.WWWAuthenticate = failed ? "Bearer error=\"invalid_token\"" : "Bearer";
        await WriteProblemAsync(
            StatusCodes.Status401Unauthorized,
            "An API key is required.",
            failed ? result.Failure!.Message : "Send a workspace API key as 'Authorization: Bearer <API key>'.").ConfigureAwait(false);
    }

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status403Forbidden;
        var needed = Context.GetEndpoint()?.Metadata.GetMetadata<RequiredScope>()?.Scope;
        return WriteProblemAsync(
            StatusCodes.Status403Forbidden,
            "The API key lacks a scope this request needs.",
            needed is null ? "The API key may not do this." : $"This request needs the scope '{needed}'; create a key that has it.");
    }

    private async Task WriteProblemAsync(int status, string title, string detail) =>
        await problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = Context,
            ProblemDetails = new ProblemDetails { Status = status, Title = title, Detail = detail },
        }).ConfigureAwait(false);
}

/// <summary>The scope an endpoint needs, for the 403 message and the OpenAPI document.</summary>
internal sealed record RequiredScope(string Scope);

/// <summary>The API key a request at /api/v1 came with.</summary>
internal sealed record ApiCaller(Guid ApiKeyId, string KeyId, string Name, Guid WorkspaceId, string? SourceIp)
{
    /// <summary>API changes are audited under the key: its public id and name, never its secret.</summary>
    public AuditActor Actor => new($"api-key:{KeyId}", Name, "API key", SourceIp);

    public static ApiCaller From(HttpContext context)
    {
        var user = context.User;
        return new ApiCaller(
            Guid.Parse(user.FindFirstValue(ClaimTypes.NameIdentifier)!),
            user.FindFirstValue(ApiKeyAuthenticationHandler.KeyIdClaim)!,
            user.FindFirstValue(ClaimTypes.Name)!,
            Guid.Parse(user.FindFirstValue(ApiKeyAuthenticationHandler.WorkspaceClaim)!),
            context.Connection.RemoteIpAddress?.ToString());
    }
}

internal static class ApiKeyAuthenticationSetup
{
    /// <summary>Any usable key of any scope.</summary>
    public const string AnyKeyPolicy = "api:any-key";

    public static string PolicyFor(string scope) => "api:" + scope;

    public static IServiceCollection AddApiKeyAuthentication(this IServiceCollection services)
    {
        services.AddAuthentication().AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName, null);
        var authorization = services.AddAuthorizationBuilder()
            .AddPolicy(AnyKeyPolicy, p => p.AddAuthenticationSchemes(ApiKeyAuthenticationHandler.SchemeName).RequireAuthenticatedUser());
        foreach (var scope in ApiScopes.All)
        {
            // Only the API key scheme: a console cookie on the same request is neither needed nor enough.
            authorization.AddPolicy(PolicyFor(scope), p => p
                .AddAuthenticationSchemes(ApiKeyAuthenticationHandler.SchemeName)
                .RequireAuthenticatedUser()
                .RequireClaim(ApiKeyAuthenticationHandler.ScopeClaim, scope));
        }

        return services;
    }
}
