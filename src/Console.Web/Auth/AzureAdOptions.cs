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

    /// <summary>Only for tests against a local provider (Development and Testing environments): allow an http authority.</summary>
    public bool RequireHttpsMetadata { get; set; } = true;

    public bool IsConfigured =>
        !string.IsNullOrWhiteSpace(Instance) && !string.IsNullOrWhiteSpace(TenantId) && !string.IsNullOrWhiteSpace(ClientId);

    public bool IsMultiTenant =>
        TenantId is "organizations" or "common";

    public string Authority => $"{Instance!.TrimEnd('/')}/{TenantId}/v2.0";

    /// <summary>Every reason a configured section cannot sign anyone in, each in plain words; empty when it can.</summary>
    /// <param name="allowPlainHttp">True in Development and Testing only, where a local test provider may run over http.</param>
    public IReadOnlyList<string> Problems(bool allowPlainHttp)
    {
        var problems = new List<string>();
        if (!Uri.TryCreate(Instance, UriKind.Absolute, out var instance) || instance.Scheme is not ("https" or "http"))
        {
            problems.Add($"AzureAd:Instance must be an https address such as https://login.microsoftonline.com/; it is '{Instance}'.");
        }
        else if (instance.Scheme == "http" && !allowPlainHttp)
        {
            problems.Add(
                "AzureAd:Instance must be an https address (https://login.microsoftonline.com/): sign-in metadata and tokens are fetched from it. " +
                $"It is '{Instance}'; plain http is accepted in the Development and Testing environments only, with AzureAd:RequireHttpsMetadata=false.");
        }
        else if (instance.Scheme == "http" && RequireHttpsMetadata)
        {
            problems.Add(
                $"AzureAd:Instance '{Instance}' is plain http while AzureAd:RequireHttpsMetadata is true: no sign-in could fetch the provider's metadata. " +
                "Use https, or for a local test provider set AzureAd:RequireHttpsMetadata=false.");
        }

        if (!RequireHttpsMetadata && !allowPlainHttp)
            problems.Add("AzureAd:RequireHttpsMetadata=false is accepted in the Development and Testing environments only (for a local test provider); remove it.");
        if (string.IsNullOrWhiteSpace(ClientSecret))
            problems.Add("AzureAd:ClientSecret is not set: Entra ID redeems a web app's sign-in code only with the app registration's client secret.");
        return problems;
    }
}
