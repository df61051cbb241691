using AdminConsole.Domain.Model.Api;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace AdminConsole.Web.Api;

/// <summary>The OpenAPI document of /api/v1 (and nothing else the console maps), with the API key as bearer scheme.</summary>
internal static class ProductApiDocument
{
    private const string SchemeName = "ApiKey";

    public static IServiceCollection AddProductApiDocument(this IServiceCollection services) =>
        services.AddOpenApi(o =>
        {
            o.ShouldInclude = d => d.RelativePath?.StartsWith(ProductApi.Prefix.TrimStart('/') + "/", StringComparison.OrdinalIgnoreCase) == true;
            o.AddDocumentTransformer((document, _, _) =>
            {
                document.Info = new OpenApiInfo
                {
                    Title = "AdminConsole API for the AI product",
                    Version = "v1",
                    Description = "Report what the AI product keeps, delete and restore pages and workspaces, and read the retention policy. "
                        + $"Authenticate with a workspace API key: 'Authorization: Bearer {ApiKey.Prefix}…'. Writes accept an Idempotency-Key header; "
                        + $"bodies are limited to {ApiWrites.MaxBodyBytes / 1024} KiB; errors are RFC 9457 problem details.",
                };
                document.Components ??= new OpenApiComponents();
                document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
                document.Components.SecuritySchemes[SchemeName] = new OpenApiSecurityScheme
                {
                    Type = SecuritySchemeType.Http,
                    Scheme = "bearer",
                    Description = $"A workspace API key ({ApiKey.Prefix}…), created on the workspace's API keys page. Scopes: {string.Join(", ", ApiScopes.All)}.",
                };
                document.Security = [new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(SchemeName, document)] = [] }];
                return Task.CompletedTask;
            });
            o.AddOperationTransformer((operation, context, _) =>
            {
                if (context.Description.ActionDescriptor.EndpointMetadata.OfType<RequiredScope>().FirstOrDefault() is { } scope)
                    operation.Description = $"Needs the scope '{scope.Scope}'.";
                return Task.CompletedTask;
            });
        });
}
