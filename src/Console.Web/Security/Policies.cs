using AdminConsole.Domain.Access;
using AdminConsole.Domain.Model.Access;

namespace AdminConsole.Web.Security;

/// <summary>The ASP.NET Core policies, one per entry of <see cref="Policies.Roles"/>.</summary>
public static class ConsoleAuthorization
{
    public static IServiceCollection AddConsoleAuthorization(this IServiceCollection services)
    {
        services.AddAuthorizationBuilder()
            .SetFallbackPolicy(new Microsoft.AspNetCore.Authorization.AuthorizationPolicyBuilder().RequireAuthenticatedUser().RequireRole(ConsoleRoles.All).Build())
            .AddPolicies();
        return services;
    }

    private static void AddPolicies(this Microsoft.AspNetCore.Authorization.AuthorizationBuilder builder)
    {
        foreach (var (name, roles) in Policies.Roles)
            builder.AddPolicy(name, p => p.RequireAuthenticatedUser().RequireRole(roles));
    }
}
