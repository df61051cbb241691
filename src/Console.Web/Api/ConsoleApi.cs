using System.Globalization;
using AdminConsole.Domain.Audit;
using AdminConsole.Domain.Model.Audit;
using AdminConsole.Domain.Model.Subprocessors;
using AdminConsole.Domain.Model.Workspaces;
using AdminConsole.Domain.Persistence;
using AdminConsole.Domain.Queries;
using AdminConsole.Domain.UseCases;
using AdminConsole.Web.Security;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using static AdminConsole.Web.Api.CsvDownload;

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
        audit.MapGet("/entries.csv", AuditExports.CsvAsync).RequireAuthorization(Policies.ViewAuditLog);
        audit.MapGet("/entries.jsonl", AuditExports.JsonLinesAsync).RequireAuthorization(Policies.ViewAuditLog);
        audit.MapPost("/verify", VerifyAsync).RequireAuthorization(Policies.VerifyAuditLog);

        // A POST with the page's antiforgery token: the export is audited, a change no link followed from elsewhere may make.
        api.MapPost("/subscribers.csv", ExportSubscribersAsync).RequireAuthorization(Policies.ViewSubscribers);

        api.MapGet("/reports/{id:guid}/file", DownloadReportAsync).RequireAuthorization(Policies.ViewReports);

        var models = api.MapGroup("/models/{id:guid}").RequireAuthorization(Policies.ViewModels);
        models.MapGet("/evaluations/{evaluationId:guid}/evidence", DownloadEvidenceAsync);
        models.MapGet("/card.md", (HttpContext context, ModelUseCases register, Guid id) => ModelCardAsync(context, register, id, ModelCardFormat.Markdown));
        models.MapGet("/card.json", (HttpContext context, ModelUseCases register, Guid id) => ModelCardAsync(context, register, id, ModelCardFormat.Json));
    }

    /// <summary>An evaluation's evidence, byte for byte, with the SHA-256 recorded for it as its representation digest.</summary>
    private static async Task<IResult> DownloadEvidenceAsync(HttpContext context, ModelUseCases register, Guid id, Guid evaluationId)
    {
        var outcome = await register.EvidenceAsync(Caller(context), id, evaluationId, context.RequestAborted);
        return OutcomeResults.ToHttp(outcome, () =>
        {
            context.Response.Headers["Repr-Digest"] = $"sha-256=:{Convert.ToBase64String(System.Security.Cryptography.SHA256.HashData(outcome.Value.Content))}:";
            context.Response.Headers.CacheControl = "private, no-store";
            return Results.File(outcome.Value.Content, outcome.Value.MediaType, outcome.Value.FileName);
        });
    }

    private static async Task<IResult> ModelCardAsync(HttpContext context, ModelUseCases register, Guid id, ModelCardFormat format)
    {
        var outcome = await register.ModelCardAsync(Caller(context), id, format, context.RequestAborted);
        return OutcomeResults.ToHttp(outcome, () =>
        {
            context.Response.Headers.CacheControl = "private, no-store";
            return Results.File(outcome.Value.Content, outcome.Value.MediaType + "; charset=utf-8", outcome.Value.FileName);
        });
    }

    /// <summary>
    /// An archived report's PDF, with its SHA-256 as a representation digest (RFC 9530) so that a download can be
    /// checked against the archive. A report the caller may not see reads as one that does not exist.
    /// </summary>
    private static async Task<IResult> DownloadReportAsync(HttpContext context, ConsoleDbContext db, Guid id)
    {
        var user = Caller(context);
        var reports = db.AuditReports.AsNoTracking().Where(r => r.Id == id && r.Status == AdminConsole.Domain.Model.Reports.AuditReportStatus.Succeeded);
        if (db.VisibleReportWorkspaceIds(user) is { } visible)
            reports = reports.Where(r => r.WorkspaceId != null && visible.Contains(r.WorkspaceId.Value));
        var report = await reports.Select(r => new { r.Id, r.FromDay, r.ToDay, r.WorkspaceId, r.Sha256 }).SingleOrDefaultAsync(context.RequestAborted);
        if (report is null)
            return NotFound("report");
        var content = await db.AuditReportFiles.AsNoTracking().Where(f => f.ReportId == id).Select(f => f.Content).SingleAsync(context.RequestAborted);
        context.Response.Headers["Repr-Digest"] = $"sha-256=:{Convert.ToBase64String(Convert.FromHexString(report.Sha256!))}:";
        context.Response.Headers.CacheControl = "private, no-store";
        var fileName = AdminConsole.Domain.Model.Reports.AuditReport.FileNameFor(report.FromDay, report.ToDay, report.WorkspaceId);
        return Results.File(content, "application/pdf", fileName);
    }

    private static async Task<IResult> ListWorkspacesAsync(HttpContext context, WorkspaceUseCases workspaces, string? search, Plan? plan, int? skip, int? take)
    {
        var outcome = await workspaces.ListAsync(Caller(context), new WorkspaceListRequest(search, plan, Skip: skip ?? 0, Take: take ?? 25), context.RequestAborted);
        return OutcomeResults.ToHttp(outcome, () => Results.Ok(outcome.Value));
    }

    // Not visible and not existing read the same: a workspace admin learns nothing about other workspaces.
    private static async Task<IResult> GetWorkspaceAsync(HttpContext context, WorkspaceUseCases workspaces, Guid id)
    {
        var outcome = await workspaces.GetAsync(Caller(context), id, context.RequestAborted);
        return OutcomeResults.ToHttp(outcome, () => Results.Ok(new
        {
            outcome.Value.Id, outcome.Value.Name, Plan = outcome.Value.Plan.ToString(), Region = outcome.Value.Region.ToString(), Status = outcome.Value.Status.ToString(),
            outcome.Value.CreatedAt, outcome.Value.UpdatedAt, Teams = outcome.Value.Teams.Select(t => t.Name).ToList(), outcome.Value.Members,
        }));
    }

    /// <summary>A page of the filtered log; filters are read as the exports read them, a bad one is a 400 naming it.</summary>
    private static async Task<IResult> ListAuditEntriesAsync(HttpContext context, ConsoleDbContext db, string? from, string? to, string? actor, string? workspace, string? action, int? skip, int? take)
    {
        var user = Caller(context);
        var (filters, problem) = AuditExports.ParseFilters(from, to, actor, workspace, action, "nothing was listed");
        if (problem is not null)
            return problem;
        var request = filters! with { Skip = skip ?? 0, Take = take ?? 50 };
        return Results.Ok(await AuditLogQuery.RunAsync(db, request, db.AuditScope(user), context.RequestAborted));
    }

    /// <summary>
    /// The subscribers the page's filters select, as CSV by email address. The export itself is audited (who
    /// took which addresses out of the console); the row count is not known before the rows are streamed.
    /// </summary>
    private static async Task ExportSubscribersAsync(HttpContext context, ConsoleDbContext db, TimeProvider clock, [FromForm] string? search, [FromForm] SubscriptionStatus? status)
    {
        var user = Caller(context);
        var filter = new SubscriptionFilter(search, status);
        var now = clock.GetUtcNow();
        var fileName = $"subscribers-{now.UtcDateTime:yyyy-MM-dd}.csv";
        db.Audit(user.Actor, new AuditRecord("subscribers.exported", "Export", fileName, null, null, new { Search = string.IsNullOrWhiteSpace(search) ? null : search.Trim(), Status = status?.ToString() }), now);
        await db.SaveChangesAsync(context.RequestAborted);

        await CsvDownload.WriteAsync<SubscriptionListItem>(
            context, fileName, "email,company,status,created_utc,confirmed_utc,unsubscribed_utc", SubscriptionListQuery.ExportPageSize,
            (last, cancellationToken) => SubscriptionListQuery.ExportPageAsync(db, filter, last, cancellationToken),
            s => string.Join(',', Cell(s.Email), Cell(s.Company), s.Status.ToString(), Utc(s.CreatedAt), Utc(s.ConfirmedAt), Utc(s.UnsubscribedAt)));
    }

    private static string Utc(DateTimeOffset? value) =>
        value?.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) ?? string.Empty;

    private static async Task<IResult> GetAuditEntryAsync(HttpContext context, ConsoleDbContext db, long sequence)
    {
        var user = Caller(context);
        var entry = await AuditLogQuery.FindAsync(db, sequence, db.AuditScope(user), context.RequestAborted);
        return entry is null ? NotFound("audit entry") : Results.Ok(entry);
    }

    private static async Task<IResult> VerifyAsync(HttpContext context, ConsoleDbContext db, AuditSealing sealing) =>
        Results.Ok(await AuditLogVerifier.VerifyAsync(db, sealing, context.RequestAborted));

    internal static CurrentUser Caller(HttpContext context) =>
        CurrentUsers.From(context.User, context.Connection.RemoteIpAddress?.ToString())
        ?? throw new InvalidOperationException("An authorized endpoint ran without a signed-in user.");

    private static IResult NotFound(string what) =>
        Results.Problem(statusCode: StatusCodes.Status404NotFound, title: $"No such {what}.", detail: $"There is no {what} with this id that you may see.");
}
