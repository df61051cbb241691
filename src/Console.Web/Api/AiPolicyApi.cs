using System.Text.Json;
using AdminConsole.Domain.Commands;
using AdminConsole.Domain.Model.AiSettings;
using AdminConsole.Domain.Model.Api;
using AdminConsole.Domain.Model.Common;
using AdminConsole.Domain.Persistence;
using AdminConsole.Domain.Queries;
using AdminConsole.Domain.Telemetry;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace AdminConsole.Web.Api;

/// <summary>
/// <c>GET /api/v1/workspaces/{id}/ai-policy</c>: what the AI product may do for a request (a user, a feature, the team
/// the data belongs to, the integration it queries), with every reason it may not, and the terms it runs under.
/// </summary>
internal static class AiPolicyApi
{
    public static RouteHandlerBuilder MapAiPolicy(this RouteGroupBuilder workspace) =>
        workspace.MapGet("/ai-policy", GetAsync)
            .RequireAuthorization(ApiKeyAuthenticationSetup.PolicyFor(ApiScopes.PolicyRead))
            .WithMetadata(new RequiredScope(ApiScopes.PolicyRead))
            .WithSummary("The effective AI policy of a request: allowed or not, the reasons, the provider and the model to use, retention days, data mode, moderation and DLP")
            .WithDescription("Query: user (Entra ID object id of a member), feature (" + string.Join(", ", AiFeatures.All) + "), team (id of the team the data belongs to), integration (name).")
            .Produces<AiPolicyAnswer>()
            .ProducesValidationProblem();

    /// <summary>
    /// Registers the node's caches (policy answers, API keys, DLP detectors), its watcher of changes made elsewhere, and the commands
    /// that tell the caches of a change made here.
    /// </summary>
    public static IServiceCollection AddAiPolicy(this IServiceCollection services)
    {
        services.AddSingleton<AiPolicyCache>();
        services.AddSingleton<ApiKeyCache>();
        services.AddSingleton<DlpScanOptionsCache>();
        foreach (var cache in new[] { typeof(AiPolicyCache), typeof(ApiKeyCache), typeof(DlpScanOptionsCache) })
        {
            services.AddSingleton(typeof(IWorkspaceCache), sp => sp.GetRequiredService(cache));
            services.AddSingleton(typeof(IWorkspaceChangeListener), sp => sp.GetRequiredService(cache));
        }

        services.AddHostedService<WorkspaceCacheInvalidator>();
        services.AddSingleton<AiSettingsCommands>();
        return services;
    }

    private static async Task<IResult> GetAsync(
        HttpContext context, IDbContextFactory<ConsoleDbContext> dbFactory, AiPolicyCache cache, string? user, string? feature, string? team, string? integration)
    {
        var caller = ApiCaller.From(context);
        var errors = new Dictionary<string, string[]>();
        var userId = OptionalId(user, "user", "The user is a member's Entra ID object id (a GUID).", errors);
        var teamId = OptionalId(team, "team", "The team is a team id (a GUID).", errors);
        AiFeature? asked = null;
        if (!string.IsNullOrWhiteSpace(feature))
        {
            try
            {
                asked = AiFeatures.Parse(feature, "feature");
            }
            catch (DomainRuleException ex)
            {
                errors["feature"] = [ex.Message];
            }
        }

        var integrationName = string.IsNullOrWhiteSpace(integration) ? null : integration.Trim();
        if (errors.Count > 0)
            return Invalid(errors);

        var key = new AiPolicyKey(caller.WorkspaceId, userId, asked, teamId, integrationName?.ToUpperInvariant());
        if (cache.TryGet(key, out var cached) && cached is not null)
        {
            ConsoleMeter.PolicyCacheLookups.Add(1, ConsoleMeter.Tag("result", "hit"));
            return Json(cached);
        }

        ConsoleMeter.PolicyCacheLookups.Add(1, ConsoleMeter.Tag("result", "miss"));

        var stamp = cache.StampFor(caller.WorkspaceId);
        await using var db = await dbFactory.CreateDbContextAsync(context.RequestAborted).ConfigureAwait(false);
        var policy = await AiSettingsQuery.PolicyContextAsync(db, caller.WorkspaceId, context.RequestAborted).ConfigureAwait(false);
        if (policy is null)
            return Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "No such workspace.", detail: "There is no workspace with this id for this API key.");

        AiPolicyUser? member = null;
        if (userId is { } oid && (member = await AiSettingsQuery.PolicyUserAsync(db, caller.WorkspaceId, oid, context.RequestAborted).ConfigureAwait(false)) is null)
            errors["user"] = ["No member of this workspace has this object id; add the user to the workspace first."];
        if (teamId is { } t && !policy.TeamIds.Contains(t))
            errors["team"] = ["This workspace has no team with this id."];
        var named = integrationName is null ? null : policy.Settings.FindIntegration(integrationName);
        if (integrationName is not null && named is null)
            errors["integration"] = [$"This workspace has no integration named '{integrationName}'."];
        if (errors.Count > 0)
            return Invalid(errors);

        var decision = EffectivePolicy.Evaluate(new AiPolicyInput(
            policy.Settings, policy.Plan, policy.WorkspaceActive, policy.Provider, policy.Terms, member, asked, teamId, named, policy.ModelFor(asked)));
        // Kept as the JSON it is answered with: a cached answer costs no serialization.
        var json = JsonSerializer.SerializeToUtf8Bytes(AiPolicyAnswer.From(caller.WorkspaceId, decision), context.RequestServices.GetRequiredService<IOptions<JsonOptions>>().Value.SerializerOptions);
        cache.Set(key, json, stamp);
        return Json(json);
    }

    private static IResult Json(byte[] json) => Results.Bytes(json, "application/json; charset=utf-8");

    private static Guid? OptionalId(string? value, string field, string message, Dictionary<string, string[]> errors)
    {
        if (string.IsNullOrWhiteSpace(value))
            return null;
        if (Guid.TryParse(value.Trim(), out var id) && id != Guid.Empty)
            return id;
        errors[field] = [message];
        return null;
    }

    private static IResult Invalid(Dictionary<string, string[]> errors) =>
        Results.ValidationProblem(errors, title: "The request is not valid.", detail: "See errors for each query parameter at fault.");
}

internal sealed record AiPolicyReasonAnswer(string Code, string Message);

internal sealed record AiPolicyProviderAnswer(Guid Id, string? Name);

internal sealed record AiPolicyRetentionAnswer(int Provider, int PromptHistory);

/// <summary>The model to use: the feature's own, else the workspace's fallback; absent when none is chosen.</summary>
internal sealed record AiPolicyModelAnswer(Guid Id, string Name, string Version, string Purpose);

/// <summary>The effective AI policy as the API answers it.</summary>
internal sealed record AiPolicyAnswer(
    Guid WorkspaceId,
    bool Allowed,
    IReadOnlyList<AiPolicyReasonAnswer> Reasons,
    AiPolicyProviderAnswer? Provider,
    AiPolicyRetentionAnswer RetentionDays,
    string DataMode,
    bool Moderation,
    bool Dlp,
    int SettingsVersion,
    AiPolicyModelAnswer? Model)
{
    public static AiPolicyAnswer From(Guid workspaceId, AiPolicyDecision decision) => new(
        workspaceId,
        decision.Allowed,
        [.. decision.Reasons.Select(r => new AiPolicyReasonAnswer(r.Code, r.Message))],
        decision.ProviderId is { } id ? new AiPolicyProviderAnswer(id, decision.ProviderName) : null,
        new AiPolicyRetentionAnswer(decision.ProviderRetentionDays, decision.PromptHistoryDays),
        decision.DataMode.ToString(),
        decision.Moderation,
        decision.Dlp,
        decision.SettingsVersion,
        decision.Model is { } m ? new AiPolicyModelAnswer(m.Id, m.Name, m.Version, m.Purpose) : null);
}
