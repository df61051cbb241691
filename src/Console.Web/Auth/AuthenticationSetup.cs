using AdminConsole.Domain.Persistence;
using AdminConsole.Web.Infrastructure;
using AdminConsole.Web.Security;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.EntityFrameworkCore;
using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;

namespace AdminConsole.Web.Auth;

/// <summary>
/// Sign-in: Entra ID when the <c>AzureAd</c> section is configured; otherwise, in Development only, the persona
/// picker. Any other environment without Entra ID refuses to start.
/// </summary>
public static class AuthenticationSetup
{
    public const string CookieName = "__Host-AdminConsole";

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

        if (developmentSignIn)
        {
            services.AddSingleton(new EntraIdSignOut(null, azureAd));
        }
        else
        {
            var metadata = new ConfigurationManager<OpenIdConnectConfiguration>(
                $"{azureAd.Authority}/.well-known/openid-configuration",
                new OpenIdConnectConfigurationRetriever(),
                new HttpDocumentRetriever { RequireHttps = azureAd.RequireHttpsMetadata });
            services.AddSingleton<IConfigurationManager<OpenIdConnectConfiguration>>(metadata);
            services.AddSingleton(new EntraIdSignOut(metadata, azureAd));
            var validator = new IdTokenValidator(metadata, azureAd.ClientId!, azureAd.IsMultiTenant, azureAd.AllowedTenants.ToList(), azureAd.Instance!);
            authentication.AddOAuth<EntraIdOptions, EntraIdHandler>(EntraIdHandler.SchemeName, "Microsoft Entra ID", o =>
            {
                o.SignInScheme = CookieAuthenticationDefaults.AuthenticationScheme;
                o.ClientId = azureAd.ClientId!;
                o.ClientSecret = azureAd.ClientSecret ?? string.Empty;
                o.CallbackPath = azureAd.CallbackPath;
                o.AuthorizationEndpoint = $"{azureAd.Instance!.TrimEnd('/')}/{azureAd.TenantId}/oauth2/v2.0/authorize";
                o.TokenEndpoint = $"{azureAd.Instance!.TrimEnd('/')}/{azureAd.TenantId}/oauth2/v2.0/token";
                o.UsePkce = true;
                o.Scope.Clear();
                o.Scope.Add("openid");
                o.Scope.Add("profile");
                o.Scope.Add("email");
                o.SaveTokens = false;
                o.TokenValidator = validator;
                o.CorrelationCookie.SecurePolicy = CookieSecurePolicy.Always;
                o.CorrelationCookie.HttpOnly = true;
                o.Events.OnAccessDenied = SignInFailure.CancelledAsync;
                o.Events.OnRemoteFailure = SignInFailure.FailedAsync;
            });
        }

        services.AddCascadingAuthenticationState();
        services.AddScoped<AuthenticationStateProvider, SessionRevalidatingStateProvider>();
        services.AddConsoleAuthorization();
        return developmentSignIn;
    }

    /// <summary>Provider sign-out comes back here; the user then sees the signed-out page.</summary>
    public static void MapSignedOutCallback(this IEndpointRouteBuilder endpoints, AzureAdOptions azureAd)
    {
        ArgumentNullException.ThrowIfNull(azureAd);
        endpoints.MapGet(azureAd.SignedOutCallbackPath, () => Results.Redirect(AccountEndpoints.SignedOutPath)).AllowAnonymous().ExcludeFromDescription();
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
