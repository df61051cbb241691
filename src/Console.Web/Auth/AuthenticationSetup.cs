using AdminConsole.Domain.Persistence;
using AdminConsole.Web.Infrastructure;
using AdminConsole.Web.Security;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.Identity.Web;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Microsoft.IdentityModel.Tokens;

namespace AdminConsole.Web.Auth;

/// <summary>
/// Sign-in: Entra ID when the <c>AzureAd</c> section is configured; otherwise, in Development only, the persona
/// picker. Any other environment without Entra ID refuses to start.
/// </summary>
public static class AuthenticationSetup
{
    public const string CookieName = "__Host-AdminConsole";

    /// <summary>The sign-in scheme of Entra ID (OpenID Connect).</summary>
    public const string EntraIdScheme = OpenIdConnectDefaults.AuthenticationScheme;

    /// <param name="problems">Receives every setting that stops sign-in from working; nothing is registered then.</param>
    public static bool AddConsoleAuthentication(this WebApplicationBuilder builder, ICollection<string> problems)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(problems);
        var services = builder.Services;
        var azureAd = new AzureAdOptions();
        builder.Configuration.GetSection(AzureAdOptions.SectionName).Bind(azureAd);
        var session = builder.Configuration.GetSection("Auth:Session").Get<SessionOptions>() ?? new SessionOptions();
        var developmentSignIn = !azureAd.IsConfigured && builder.Environment.IsDevelopment();
        if (!azureAd.IsConfigured && !developmentSignIn)
        {
            problems.Add(
                $"Entra ID sign-in is not configured for the {builder.Environment.EnvironmentName} environment: set AzureAd:Instance, " +
                "AzureAd:TenantId, AzureAd:ClientId and AzureAd:ClientSecret. " +
                "The development sign-in exists only in the Development environment.");
            return false;
        }

        var azureAdProblems = developmentSignIn ? [] : azureAd.Problems(builder.Environment.AllowsPlainHttp());
        if (azureAdProblems.Count > 0)
        {
            foreach (var problem in azureAdProblems)
                problems.Add(problem);
            return false;
        }

        services.AddSingleton(azureAd);
        services.AddSingleton(session);
        services.AddSingleton<SessionStore>();
        services.AddSingleton(new SignInMode(developmentSignIn));

        // Forms' tokens are as much the session's as the session cookie: never sent over plain http. Under Always,
        // antiforgery fails every plain-http request outright, which would break the development console on
        // http://localhost; there the cookie follows the request. Elsewhere every request is https by the time it
        // reaches a form (plain http is redirected, or refused on the API).
        var developmentOverHttp = builder.Environment.IsDevelopment();
        services.AddAntiforgery(o => o.Cookie.SecurePolicy = developmentOverHttp ? CookieSecurePolicy.SameAsRequest : CookieSecurePolicy.Always);

        var authentication = services.AddAuthentication(CookieAuthenticationDefaults.AuthenticationScheme)
            .AddCookie(o =>
            {
                o.Cookie.Name = CookieName;
                o.Cookie.HttpOnly = true;
                o.Cookie.SecurePolicy = CookieSecurePolicy.Always;
                o.Cookie.SameSite = SameSiteMode.Lax;
                o.Cookie.Path = "/";
                o.ExpireTimeSpan = session.IdleTimeout;
                o.SlidingExpiration = true;
                o.LoginPath = AccountEndpoints.SignInPath;
                o.AccessDeniedPath = "/access-denied";
                o.ReturnUrlParameter = "returnUrl";
                o.Events.OnSigningIn = async context =>
                {
                    var store = context.HttpContext.RequestServices.GetRequiredService<SessionStore>();
                    context.Principal = await store.StartAsync(context.Principal!, context.HttpContext.Connection.RemoteIpAddress?.ToString(), context.HttpContext.RequestAborted).ConfigureAwait(false);
                };
                o.Events.OnValidatePrincipal = async context =>
                {
                    var store = context.HttpContext.RequestServices.GetRequiredService<SessionStore>();
                    if (!await store.IsActiveAsync(context.Principal?.GetSessionId(), context.HttpContext.RequestAborted).ConfigureAwait(false))
                    {
                        context.RejectPrincipal();
                        await context.HttpContext.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme).ConfigureAwait(false);
                    }
                };

                // The API answers with a status code and problem details, never with a redirect to a sign-in page.
                o.Events.OnRedirectToLogin = context => ApiAwareRedirect(context, StatusCodes.Status401Unauthorized);
                o.Events.OnRedirectToAccessDenied = context => ApiAwareRedirect(context, StatusCodes.Status403Forbidden);
            });

        if (!developmentSignIn)
            AddEntraId(builder, authentication, azureAd);

        services.AddCascadingAuthenticationState();
        services.AddScoped<AuthenticationStateProvider, SessionRevalidatingStateProvider>();
        services.AddConsoleAuthorization();
        return developmentSignIn;
    }

    /// <summary>
    /// Entra ID through Microsoft.Identity.Web, bound to the <c>AzureAd</c> section, with what the console asks on top:
    /// the authorization code flow with PKCE (Identity.Web's default is the implicit id_token), the id_token's own
    /// claim names, RS256 only, a two-minute clock skew, the issuer of the tenant (or, multi-tenant, of the token's own
    /// tenant, which must be an allowed one), no tokens kept, and the console's pages for failures and sign-out.
    /// </summary>
    private static void AddEntraId(WebApplicationBuilder builder, AuthenticationBuilder authentication, AzureAdOptions azureAd)
    {
        // Every failure the handler reports reaches SignInFailure, which logs it once, as a warning naming the provider's
        // error code or the refusal's reason. The handler's own lines would repeat it as an error, with the provider's text.
        // (Serilog's provider has a catch-all rule of its own, which a rule for all providers would not outrank.)
        builder.Logging.AddFilter(typeof(OpenIdConnectHandler).FullName, LogLevel.Critical);
        builder.Logging.AddFilter<Serilog.Extensions.Logging.SerilogLoggerProvider>(typeof(OpenIdConnectHandler).FullName, LogLevel.Critical);

        // No cookie of Identity.Web's own: the console's session cookie (above) is the sign-in scheme.
        authentication.AddMicrosoftIdentityWebApp(builder.Configuration.GetSection(AzureAdOptions.SectionName), EntraIdScheme, cookieScheme: null);
        var instance = azureAd.Instance!.TrimEnd('/');
        builder.Services.Configure<OpenIdConnectOptions>(EntraIdScheme, o =>
        {
            o.SignInScheme = CookieAuthenticationDefaults.AuthenticationScheme;
            o.SignOutScheme = CookieAuthenticationDefaults.AuthenticationScheme;
            o.ResponseType = OpenIdConnectResponseType.Code;
            o.UsePkce = true;
            // Set here: Identity.Web ignores the section's value. Only Development and Testing may turn it off (AzureAdOptions.Problems).
            o.RequireHttpsMetadata = azureAd.RequireHttpsMetadata;
            // The id_token's own claim names (oid, tid, roles…), which the session store reads; Identity.Web sets a handler
            // of its own, so the option alone would not reach it.
            o.MapInboundClaims = false;
            o.TokenHandler = new Microsoft.IdentityModel.JsonWebTokens.JsonWebTokenHandler { MapInboundClaims = false };
            o.SaveTokens = false;
            o.GetClaimsFromUserInfoEndpoint = false;
            o.Scope.Clear();
            o.Scope.Add("openid");
            o.Scope.Add("profile");
            o.Scope.Add("email");
            o.CallbackPath = azureAd.CallbackPath;
            o.SignedOutCallbackPath = azureAd.SignedOutCallbackPath;
            o.SignedOutRedirectUri = AccountEndpoints.SignedOutPath;
            o.CorrelationCookie.SecurePolicy = CookieSecurePolicy.Always;
            o.NonceCookie.SecurePolicy = CookieSecurePolicy.Always;

            var token = o.TokenValidationParameters;
            // Identity.Web's issuer validator stays in charge; with the expected issuer named (for a multi-tenant app as
            // its template) it needs no second metadata download.
            token.ValidIssuer = azureAd.IsMultiTenant ? $"{instance}/{{tenantid}}/v2.0" : azureAd.Authority;
            token.ValidAudience = azureAd.ClientId;
            token.ValidAlgorithms = [SecurityAlgorithms.RsaSha256];
            token.RequireSignedTokens = true;
            token.RequireExpirationTime = true;
            token.ClockSkew = TimeSpan.FromMinutes(2);
            token.NameClaimType = "name";
            token.RoleClaimType = "roles";

            var tokenValidated = o.Events.OnTokenValidated;
            o.Events.OnTokenValidated = async context =>
            {
                await tokenValidated(context).ConfigureAwait(false);

                // ASP.NET's handler accepts an unsigned id_token from the token endpoint (OpenID Connect allows trusting the
                // TLS channel instead); the console wants the provider's signature on every id_token, as before.
                if (context.SecurityToken is not { RawSignature.Length: > 0, Header.Alg: SecurityAlgorithms.RsaSha256 })
                {
                    context.Fail("The id_token is not signed.");
                    return;
                }

                var tenant = context.Principal?.FindFirst(ConsoleClaims.TenantId)?.Value;
                if (azureAd.IsMultiTenant && azureAd.AllowedTenants.Count > 0 && !azureAd.AllowedTenants.Contains(tenant ?? string.Empty, StringComparer.OrdinalIgnoreCase))
                    context.Fail("The user's tenant is not allowed to sign in to this console.");
            };

            // Without an id_token kept to hint with, the provider is told which app signs out.
            var signingOut = o.Events.OnRedirectToIdentityProviderForSignOut;
            o.Events.OnRedirectToIdentityProviderForSignOut = async context =>
            {
                await signingOut(context).ConfigureAwait(false);
                context.ProtocolMessage.ClientId = azureAd.ClientId;
            };
            o.Events.OnAccessDenied = SignInFailure.CancelledAsync;
            o.Events.OnRemoteFailure = SignInFailure.FailedAsync;
        });
    }

    private static Task ApiAwareRedirect(RedirectContext<CookieAuthenticationOptions> context, int status)
    {
        if (context.Request.Path.StartsWithSegments("/api", StringComparison.OrdinalIgnoreCase))
        {
            context.Response.StatusCode = status;
            return Task.CompletedTask;
        }

        context.Response.Redirect(context.RedirectUri);
        return Task.CompletedTask;
    }
}

/// <summary>Which sign-in this process offers.</summary>
public sealed record SignInMode(bool Development);
