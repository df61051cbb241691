using System.Text.Json;
using AdminConsole.Domain.Commands;
using AdminConsole.Domain.Model.Api;
using AdminConsole.Domain.Model.Common;
using AdminConsole.Domain.Model.Dlp.Hooks;
using AdminConsole.Domain.Persistence;
using AdminConsole.Domain.Queries;
using Microsoft.EntityFrameworkCore;

namespace AdminConsole.Web.Api;

/// <summary>
/// <c>/api/v1/workspaces/{id}/dlp-hooks</c>: the workspace's DLP hooks for an API key with <c>hooks:manage</c>. Adding one
/// is for Enterprise workspaces only (403 naming the plan otherwise); its signing secret is in that one answer only.
/// </summary>
internal static class DlpHookApi
{
    public static void MapDlpHooks(this RouteGroupBuilder workspace)
    {
        Scoped(workspace.MapGet("/dlp-hooks", ListAsync))
            .WithSummary("The workspace's DLP hooks, with their pending and dead-lettered deliveries (never a secret)")
            .Produces<IReadOnlyList<DlpHookAnswer>>();
        Scoped(workspace.MapPost("/dlp-hooks", CreateAsync))
            .WithSummary("Add a DLP hook (Enterprise plan); the answer holds its signing secret, shown this once")
            .Accepts<DlpHookRequest>("application/json")
            .Produces<CreatedHookAnswer>(StatusCodes.Status201Created)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge);
        Scoped(workspace.MapDelete("/dlp-hooks/{hookId:guid}", DeleteAsync))
            .WithSummary("Delete a DLP hook and its delivery records")
            .Produces(StatusCodes.Status204NoContent);
    }

    private static RouteHandlerBuilder Scoped(RouteHandlerBuilder endpoint) =>
        endpoint.RequireAuthorization(ApiKeyAuthenticationSetup.PolicyFor(ApiScopes.HooksManage)).WithMetadata(new RequiredScope(ApiScopes.HooksManage));

    private static async Task<IResult> ListAsync(HttpContext context, IDbContextFactory<ConsoleDbContext> dbFactory)
    {
        var caller = ApiCaller.From(context);
        await using var db = await dbFactory.CreateDbContextAsync(context.RequestAborted).ConfigureAwait(false);
        var hooks = await DlpHookQuery.HooksAsync(db, caller.WorkspaceId, context.RequestAborted).ConfigureAwait(false);
        return Results.Ok(hooks.Select(h => new DlpHookAnswer(h.Id, h.Name, h.Url, h.Events, h.Enabled, h.DisabledReason, h.Pending, h.DeadLettered)).ToList());
    }

    private static async Task<IResult> CreateAsync(HttpContext context, IDbContextFactory<ConsoleDbContext> dbFactory, DlpHookCommands commands)
    {
        var caller = ApiCaller.From(context);
        try
        {
            // A replayed answer would have to keep the secret: this write takes no Idempotency-Key.
            if (context.Request.Headers.ContainsKey(ApiWrites.IdempotencyHeader))
                throw ApiProblemException.Invalid(ApiWrites.IdempotencyHeader, "Adding a DLP hook takes no Idempotency-Key: its answer carries a secret that is never stored to be replayed. List the hooks to see whether an earlier request got through.");
            var request = await ApiWrites.ReadAsync<DlpHookRequest>(context.Request).ConfigureAwait(false);
            await using (var db = await dbFactory.CreateDbContextAsync(context.RequestAborted).ConfigureAwait(false))
            {
                var plan = await db.Workspaces.AsNoTracking().Where(w => w.Id == caller.WorkspaceId).Select(w => w.Plan).SingleAsync(context.RequestAborted).ConfigureAwait(false);
                if (DlpHook.WhyUnavailable(plan) is { } why)
                    return Results.Problem(statusCode: StatusCodes.Status403Forbidden, title: "DLP hooks are not available on this plan.", detail: why);
            }

            var (id, secret) = await commands.CreateAsync(caller.Actor, caller.WorkspaceId, request.Name, request.Url, request.Events, context.RequestAborted).ConfigureAwait(false);
            return Results.Json(new CreatedHookAnswer(id, secret), ApiWrites.Json, statusCode: StatusCodes.Status201Created);
        }
        catch (ApiProblemException problem)
        {
            return problem.ToResult();
        }
        catch (DomainRuleException ex)
        {
            return ApiProblemException.Invalid(ApiProblemException.FieldName(ex.Field), ex.Message).ToResult();
        }
    }

    private static async Task<IResult> DeleteAsync(HttpContext context, DlpHookCommands commands, Guid hookId)
    {
        var caller = ApiCaller.From(context);
        try
        {
            await commands.DeleteAsync(caller.Actor, caller.WorkspaceId, hookId, context.RequestAborted).ConfigureAwait(false);
            return Results.NoContent();
        }
        catch (DomainRuleException)
        {
            return Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "No such DLP hook.", detail: "This workspace has no DLP hook with this id.");
        }
    }
}

internal sealed record DlpHookRequest(string? Name, string? Url, IReadOnlyList<string>? Events);

internal sealed record DlpHookAnswer(Guid Id, string Name, string Url, IReadOnlyList<string> Events, bool Enabled, string? DisabledReason, int Pending, int DeadLettered);

/// <summary>The new hook and its signing secret (<c>whsec_…</c>): the only time the secret is shown.</summary>
internal sealed record CreatedHookAnswer(Guid Id, string Secret);
