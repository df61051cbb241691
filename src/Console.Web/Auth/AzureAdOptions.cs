namespace AdminConsole.Web.Auth;

/// <summary>The <c>AzureAd</c> section, with the keys Microsoft.Identity.Web uses.</summary>
public sealed class AzureAdOptions
{
    public const string SectionName = "AzureAd";

    /// <summary>The sign-in host, e.g. <c>https://login.microsoftonline.com/</c>.</summary>
    public string? Instance { get; set; }

    /// <summary>A tenant id, or <c>organizations</c> / <c>common</c> for a multi-tenant app (then set <see cref="AllowedTenants"/>).</summary>
    public string? TenantId { get; set; }

    public string? ClientId { get; set; }

    public string? ClientSecret { get; set; }

    public string CallbackPath { get; set; } = "/signin-oidc";

    public string SignedOutCallbackPath { get; set; } = "/signout-callback-oidc";

    /// <summary>For a multi-tenant app: the tenants whose users may sign in. Empty means any tenant.</summary>
    public IList<string> AllowedTenants { get; } = [];

    /// <summary>Only for tests against a local provider: allow an http authority.</summary>
    public bool RequireHttpsMetadata { get; set; } = true;

    public bool IsConfigured =>
        !string.IsNullOrWhiteSpace(Instance) && !string.IsNullOrWhiteSpace(TenantId) && !string.IsNullOrWhiteSpace(ClientId);

    public bool IsMultiTenant =>
        TenantId is "organizations" or "common";

    public string Authority => $"{Instance!.TrimEnd('/')}/{TenantId}/v2.0";
}
