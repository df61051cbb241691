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
        audit.MapGet("/entries.csv", ExportAuditEntriesAsync).RequireAuthorization(Policies.ViewAuditLog);
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

    /// <summary>The filtered log as CSV, newest first, written in pages so a large export never sits in memory.</summary>
    private static async Task ExportAuditEntriesAsync(HttpContext context, ConsoleDbContext db, DateTimeOffset? from, DateTimeOffset? to, string? actor, Guid? workspace, string? action)
    {
        var user = Caller(context);
        context.Response.ContentType = "text/csv; charset=utf-8";
        context.Response.Headers.ContentDisposition = "attachment; filename=\"audit-log.csv\"";
        await using var writer = new StreamWriter(context.Response.Body, new System.Text.UTF8Encoding(false));
        await writer.WriteLineAsync("sequence,at_utc,actor_id,actor_name,actor_role,source_ip,workspace_id,action,target_type,target_id,before,after,hash");
        var matching = AuditLogQuery.Matching(db, new AuditLogRequest(from, to, actor, workspace, action), db.VisibleIds(user));
        const int page = AuditLogRequest.MaxTake;
        var before = long.MaxValue;
        while (true)
        {
            // Keyset paging on the sequence: each page is one query, however deep into the log.
            var cursor = before;
            var entries = await matching.Where(e => e.Sequence < cursor).OrderByDescending(e => e.Sequence).Take(page)
                .ToListAsync(context.RequestAborted);
            foreach (var e in entries)
            {
                await writer.WriteLineAsync(string.Join(',',
                    e.Sequence.ToString(System.Globalization.CultureInfo.InvariantCulture), e.At.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss.fff", System.Globalization.CultureInfo.InvariantCulture),
                    Csv(e.ActorId), Csv(e.ActorName), Csv(e.ActorRole), Csv(e.SourceIp), e.WorkspaceId?.ToString() ?? string.Empty,
                    Csv(e.Action), Csv(e.TargetType), Csv(e.TargetId), Csv(e.Before), Csv(e.After), e.Hash));
            }

            if (entries.Count < page)
                break;
            before = entries[^1].Sequence;
        }
    }

    /// <summary>RFC 4180 quoting, and a leading quote mark on values a spreadsheet would run as a formula.</summary>
    internal static string Csv(string? value)
    {
        if (string.IsNullOrEmpty(value))
            return string.Empty;
        if (value[0] is '=' or '+' or '-' or '@' or '\t' or '\r')
            value = "'" + value;
        return value.IndexOfAny([',', '"', '\n', '\r']) >= 0 || value.StartsWith('\'') ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;
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
