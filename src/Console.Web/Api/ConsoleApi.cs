using AdminConsole.Domain.Audit;
using AdminConsole.Domain.Model.Workspaces;
using AdminConsole.Domain.Persistence;
using AdminConsole.Domain.Queries;
using AdminConsole.Web.Security;
using Microsoft.EntityFrameworkCore;

namespace AdminConsole.Web.Api;

/// <summary>
/// The console's own HTTP API for signed-in users (cookie): the same data and the same scoping as the pages.
/// The AI product's API (/api/v1, API keys) is separate.
/// </summary>
internal static class ConsoleApi
{
    public static void MapConsoleApi(this IEndpointRouteBuilder endpoints)
    {
        var api = endpoints.MapGroup("/api/console").ExcludeFromDescription();

        var workspaces = api.MapGroup("/workspaces").RequireAuthorization(Policies.ViewWorkspaces);
        workspaces.MapGet("/", ListWorkspacesAsync);
        workspaces.MapGet("/{id:guid}", GetWorkspaceAsync);

        var audit = api.MapGroup("/audit");
        audit.MapGet("/entries", ListAuditEntriesAsync).RequireAuthorization(Policies.ViewAuditLog);
        audit.MapGet("/entries/{sequence:long}", GetAuditEntryAsync).RequireAuthorization(Policies.ViewAuditLog);
        audit.MapPost("/verify", VerifyAsync).RequireAuthorization(Policies.VerifyAuditLog);
    }

    private static async Task<IResult> ListWorkspacesAsync(HttpContext context, ConsoleDbContext db, string? search, Plan? plan, int? skip, int? take)
    {
        var user = Caller(context);
        var page = await WorkspaceListQuery.RunAsync(db.Visible(user), new WorkspaceListRequest(search, plan, Skip: skip ?? 0, Take: take ?? 25), context.RequestAborted);
        return Results.Ok(page);
    }

    private static async Task<IResult> GetWorkspaceAsync(HttpContext context, ConsoleDbContext db, Guid id)
    {
        var user = Caller(context);
        var workspace = await db.Visible(user).AsNoTracking()
            .Where(w => w.Id == id)
            .Select(w => new
            {
                w.Id, w.Name, Plan = w.Plan.ToString(), Region = w.Region.ToString(), Status = w.Status.ToString(), w.CreatedAt, w.UpdatedAt,
                Teams = w.Teams.OrderBy(t => t.Name).Select(t => t.Name).ToList(),
                Members = w.Members.Count,
            })
            .SingleOrDefaultAsync(context.RequestAborted);

        // Not visible and not existing read the same: a workspace admin learns nothing about other workspaces.
        return workspace is null ? NotFound("workspace") : Results.Ok(workspace);
    }

    private static async Task<IResult> ListAuditEntriesAsync(HttpContext context, ConsoleDbContext db, DateTimeOffset? from, DateTimeOffset? to, string? actor, Guid? workspace, string? action, int? skip, int? take)
    {
        var user = Caller(context);
        var request = new AuditLogRequest(from, to, actor, workspace, action, skip ?? 0, take ?? 50);
        return Results.Ok(await AuditLogQuery.RunAsync(db, request, db.VisibleIds(user), context.RequestAborted));
    }

    private static async Task<IResult> GetAuditEntryAsync(HttpContext context, ConsoleDbContext db, long sequence)
    {
        var user = Caller(context);
        var entry = await AuditLogQuery.FindAsync(db, sequence, db.VisibleIds(user), context.RequestAborted);
        return entry is null ? NotFound("audit entry") : Results.Ok(entry);
    }

    private static async Task<IResult> VerifyAsync(HttpContext context, ConsoleDbContext db) =>
        Results.Ok(await AuditLogVerifier.VerifyAsync(db, context.RequestAborted));

    private static CurrentUser Caller(HttpContext context) =>
        CurrentUser.From(context.User, context.Connection.RemoteIpAddress?.ToString())
        ?? throw new InvalidOperationException("An authorized endpoint ran without a signed-in user.");

    private static IResult NotFound(string what) =>
        Results.Problem(statusCode: StatusCodes.Status404NotFound, title: $"No such {what}.", detail: $"There is no {what} with this id that you may see.");
}
