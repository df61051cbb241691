using System.Text.Json;
using AdminConsole.Domain.Commands;
using AdminConsole.Domain.Model.Api;
using AdminConsole.Domain.Model.Common;
using AdminConsole.Domain.Model.Dlp;
using AdminConsole.Domain.Model.Lifecycle;
using AdminConsole.Domain.Model.Workspaces;
using AdminConsole.Domain.Persistence;
using AdminConsole.Domain.Telemetry;
using Microsoft.EntityFrameworkCore;

namespace AdminConsole.Web.Api;

/// <summary>
/// The API for the AI product, <c>/api/v1</c>, authenticated by a workspace's API key. The workspace comes from the
/// key: a route naming any other workspace answers 404, exactly like one that does not exist.
/// </summary>
internal static class ProductApi
{
    public const string Prefix = "/api/v1";
    public const string OpenApiPath = Prefix + "/openapi.json";
    public const int MaxBatchItems = 100;

    /// <summary>Reports may be up to this far ahead of the console's clock (their clocks differ), not more.</summary>
    private static readonly TimeSpan ClockSkew = TimeSpan.FromMinutes(5);

    public static void MapProductApi(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet(Prefix + "/key", KeyAsync)
            .RequireAuthorization(ApiKeyAuthenticationSetup.AnyKeyPolicy)
            .WithTags("AI product")
            .WithSummary("The API key this request came with: its workspace, name and scopes, to check a key before using it")
            .Produces<KeyAnswer>()
            .ProducesProblem(StatusCodes.Status401Unauthorized);

        endpoints.MapModelEvaluations();

        var workspace = endpoints.MapGroup(Prefix + "/workspaces/{workspaceId:guid}")
            .AddEndpointFilter(OwnWorkspaceOnly)
            .WithTags("AI product")
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound);

        Scoped(workspace.MapGet("/retention-policy", RetentionPolicyAsync), ApiScopes.PolicyRead)
            .WithSummary("The retention policy in force for the workspace's plan")
            .Produces<RetentionPolicyAnswer>();
        workspace.MapAiPolicy();
        workspace.MapDlpHooks();

        Batch<PromptLogItem, RecordsAnswer>(workspace, "/prompt-logs", "Report prompts users sent to the AI", PromptLogsAsync);
        Batch<AiOutputItem, RecordsAnswer>(workspace, "/ai-outputs", "Report what the AI wrote", AiOutputsAsync);
        Batch<ProviderRequestItem, RecordsAnswer>(workspace, "/provider-requests", "Report requests made to LLM providers and the retention each provider promised", ProviderRequestsAsync);
        Batch<PageItem, PagesAnswer>(workspace, "/pages", "Register pages of the workspace (pages already registered are left as they are)", PagesAsync);
        Batch<EmbeddingItem, RecordsAnswer>(workspace, "/embeddings", "Register embeddings of the workspace's pages in a vector store", EmbeddingsAsync);

        Lifecycle(workspace.MapDelete("/pages/{pageId:guid}", DeletePageAsync), "Move a page to the trash (restorable within the plan's restore window)");
        Lifecycle(workspace.MapPost("/pages/{pageId:guid}/restore", RestorePageAsync), "Restore a page from the trash within the restore window");
        Lifecycle(workspace.MapDelete(string.Empty, DeleteWorkspaceAsync), "Move the whole workspace to the trash");
        Lifecycle(workspace.MapPost("/restore", RestoreWorkspaceAsync), "Restore the workspace within the restore window");
    }

    private static RouteHandlerBuilder Scoped(RouteHandlerBuilder endpoint, string scope) =>
        endpoint.RequireAuthorization(ApiKeyAuthenticationSetup.PolicyFor(scope)).WithMetadata(new RequiredScope(scope));

    private static void Batch<TItem, TAnswer>(RouteGroupBuilder group, string path, string summary, Func<HttpContext, ApiWrites, Task<IResult>> handler) =>
        Written(Scoped(group.MapPost(path, handler), ApiScopes.EventsWrite))
            .WithSummary(summary)
            .Accepts<Batch<TItem>>("application/json")
            .Produces<TAnswer>(StatusCodes.Status201Created);

    private static void Lifecycle(RouteHandlerBuilder endpoint, string summary) =>
        Written(Scoped(endpoint, ApiScopes.LifecycleWrite))
            .WithSummary(summary)
            .Produces(StatusCodes.Status204NoContent)
            .ProducesProblem(StatusCodes.Status409Conflict);

    private static RouteHandlerBuilder Written(RouteHandlerBuilder endpoint) =>
        endpoint
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);

    private static async ValueTask<object?> OwnWorkspaceOnly(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var route = http.GetRouteValue("workspaceId")?.ToString();
        if (!Guid.TryParse(route, out var workspaceId) || workspaceId != ApiCaller.From(http).WorkspaceId)
            return NoSuch("workspace");
        return await next(context).ConfigureAwait(false);
    }

    /// <summary>Read from the key the request was authenticated with: no query beyond the one that checked it.</summary>
    private static IResult KeyAsync(HttpContext context)
    {
        var caller = ApiCaller.From(context);
        var scopes = context.User.FindAll(ApiKeyAuthenticationHandler.ScopeClaim).Select(c => c.Value).ToList();
        return Results.Ok(new KeyAnswer(caller.KeyId, caller.Name, caller.WorkspaceId, scopes));
    }

    private static async Task<IResult> RetentionPolicyAsync(HttpContext context, ConsoleDbContext db)
    {
        var caller = ApiCaller.From(context);
        var policy = await db.Workspaces.AsNoTracking()
            .Where(w => w.Id == caller.WorkspaceId)
            .Join(db.RetentionPolicies.AsNoTracking(), w => w.Plan, p => p.Plan, (w, p) => new { w.Plan, p.Version, p.ChangedAt, p.Terms })
            .SingleOrDefaultAsync(context.RequestAborted).ConfigureAwait(false);
        if (policy is null)
            return NoSuch("retention policy");
        var t = policy.Terms;
        return Results.Ok(new RetentionPolicyAnswer(
            caller.WorkspaceId, policy.Plan.ToString(), policy.Version, policy.ChangedAt,
            t.ProviderRetentionDays, t.PromptHistoryDays, t.AiOutputDays, t.EmbeddingDeletionDays, t.TrashRestoreDays, t.AuditLogDays));
    }

    /// <summary>
    /// Prompts and AI outputs are scanned by the workspace's DLP detectors before they are first saved: each is kept
    /// with its findings redacted, and its alerts are saved in the same transaction.
    /// </summary>
    private static Task<IResult> PromptLogsAsync(HttpContext context, ApiWrites writes) =>
        BatchAsync<PromptLogItem, PromptLog>(context, writes, (item, caller, now, _) =>
            PromptLog.Create(caller.WorkspaceId, Required(item.UserObjectId, nameof(item.UserObjectId), "User object id"), item.Content, When(item.CreatedAt, now, nameof(item.CreatedAt))),
            (db, rows) => db.PromptLogs.AddRange(rows), r => r.Id, scan: new DlpScan<PromptLog>(DlpSource.Prompt, r => r.UserObjectId, (r, o) => r.Redact(o)));

    private static Task<IResult> AiOutputsAsync(HttpContext context, ApiWrites writes) =>
        BatchAsync<AiOutputItem, AiOutput>(context, writes, (item, caller, now, pages) =>
            AiOutput.Create(caller.WorkspaceId, item.PageId is { } page ? OfWorkspace(page, pages) : null, item.Content, When(item.CreatedAt, now, nameof(item.CreatedAt))),
            (db, rows) => db.AiOutputs.AddRange(rows), r => r.Id, i => i.PageId, new DlpScan<AiOutput>(DlpSource.AiOutput, _ => null, (r, o) => r.Redact(o)));

    /// <summary>How a batch's records are scanned: as which source, whose they are, and their redaction.</summary>
    private sealed record DlpScan<TRecord>(DlpSource Source, Func<TRecord, Guid?> User, Func<TRecord, DlpScanOptions, IReadOnlyList<DlpFinding>> Redact);

    private static async Task<DlpScanOptions> DetectorsAsync(HttpContext context, ConsoleDbContext db, ApiCaller caller, CancellationToken cancellationToken)
    {
        var detectors = context.RequestServices.GetRequiredService<DlpScanOptionsCache>();
        if (detectors.TryGet(caller.WorkspaceId, out var options) && options is not null)
            return options;
        var stamp = detectors.StampFor(caller.WorkspaceId);
        options = await DlpAlerts.OptionsAsync(db, caller.WorkspaceId, cancellationToken).ConfigureAwait(false);
        detectors.Set(caller.WorkspaceId, options, stamp);
        return options;
    }

    private static Task<IResult> ProviderRequestsAsync(HttpContext context, ApiWrites writes) =>
        BatchAsync<ProviderRequestItem, ProviderRequest>(context, writes, (item, caller, now, _) =>
            ProviderRequest.Create(caller.WorkspaceId, item.Provider, Required(item.PromisedRetentionDays, nameof(item.PromisedRetentionDays), "Promised retention days"), When(item.RequestedAt, now, nameof(item.RequestedAt))),
            (db, rows) => db.ProviderRequests.AddRange(rows), r => r.Id);

    private static Task<IResult> EmbeddingsAsync(HttpContext context, ApiWrites writes) =>
        BatchAsync<EmbeddingItem, Embedding>(context, writes, (item, caller, now, pages) =>
            Embedding.Create(caller.WorkspaceId, OfWorkspace(Required(item.PageId, nameof(item.PageId), "Page id"), pages), item.VectorStore, When(item.CreatedAt, now, nameof(item.CreatedAt))),
            (db, rows) => db.Embeddings.AddRange(rows), r => r.Id, i => i.PageId);

    /// <summary>Pages are registered once; an id the workspace already has is left alone and counted as registered.</summary>
    private static Task<IResult> PagesAsync(HttpContext context, ApiWrites writes) =>
        writes.RunAsync<Batch<PageItem>>(context, async (db, caller, batch) =>
        {
            var items = Items(batch);
            await EnsureActiveAsync(db, caller, context.RequestAborted).ConfigureAwait(false);
            var ids = items.Where(i => i.Id is not null).Select(i => i.Id!.Value).ToList();
            var taken = await db.Pages.Where(p => ids.Contains(p.Id)).Select(p => new { p.Id, p.WorkspaceId }).ToListAsync(context.RequestAborted).ConfigureAwait(false);
            var now = TimeProvider(context).GetUtcNow();
            var seen = new HashSet<Guid>();
            var pages = Validate(items, (item, index) =>
            {
                var id = Required(item.Id, nameof(item.Id), "Page id");
                if (!seen.Add(id))
                    throw new DomainRuleException(nameof(item.Id), "The batch names this page twice.");
                var existing = taken.SingleOrDefault(t => t.Id == id);
                if (existing is not null && existing.WorkspaceId != caller.WorkspaceId)
                    throw new DomainRuleException(nameof(item.Id), "This page id cannot be used; page ids are unique across the console.");
                return existing is null ? Page.Create(id, caller.WorkspaceId, item.Title, now) : null;
            });
            db.Pages.AddRange(pages.OfType<Page>());
            return new ApiAnswer(StatusCodes.Status201Created, new PagesAnswer(items.Count, ids));
        });

    private static Task<IResult> DeletePageAsync(HttpContext context, ApiWrites writes, LifecycleCommands lifecycle, Guid pageId) =>
        writes.RunAsync(context, (db, caller) => LifecycleAsync(db, caller, pageId, () => lifecycle.DeletePageAsync(db, caller.Actor, caller.WorkspaceId, pageId, context.RequestAborted)));

    private static Task<IResult> RestorePageAsync(HttpContext context, ApiWrites writes, LifecycleCommands lifecycle, Guid pageId) =>
        writes.RunAsync(context, (db, caller) => LifecycleAsync(db, caller, pageId, () => lifecycle.RestorePageAsync(db, caller.Actor, caller.WorkspaceId, pageId, context.RequestAborted)));

    private static Task<IResult> DeleteWorkspaceAsync(HttpContext context, ApiWrites writes, LifecycleCommands lifecycle) =>
        writes.RunAsync(context, (db, caller) => LifecycleAsync(db, caller, null, () => lifecycle.DeleteWorkspaceAsync(db, caller.Actor, caller.WorkspaceId, context.RequestAborted)));

    private static Task<IResult> RestoreWorkspaceAsync(HttpContext context, ApiWrites writes, LifecycleCommands lifecycle) =>
        writes.RunAsync(context, (db, caller) => LifecycleAsync(db, caller, null, () => lifecycle.RestoreWorkspaceAsync(db, caller.Actor, caller.WorkspaceId, context.RequestAborted)));

    /// <summary>A lifecycle change: 404 for a page the workspace does not have, 409 with the model's reason when refused.</summary>
    private static async Task<ApiAnswer> LifecycleAsync(ConsoleDbContext db, ApiCaller caller, Guid? pageId, Func<Task> change)
    {
        if (pageId is { } page && !await db.Pages.AnyAsync(p => p.Id == page && p.WorkspaceId == caller.WorkspaceId).ConfigureAwait(false))
            throw new ApiProblemException(StatusCodes.Status404NotFound, "No such page.", "There is no page with this id in the workspace.");
        try
        {
            await change().ConfigureAwait(false);
        }
        catch (DomainRuleException ex)
        {
            throw new ApiProblemException(StatusCodes.Status409Conflict, "The change was refused.", ex.Message);
        }

        return new ApiAnswer(StatusCodes.Status204NoContent);
    }

    /// <summary>
    /// A batch of records, all or nothing: every item is checked, the errors of all of them answered at once
    /// (<c>items[3].content</c>), and only a batch without any is written.
    /// </summary>
    private static Task<IResult> BatchAsync<TItem, TRecord>(
        HttpContext context,
        ApiWrites writes,
        Func<TItem, ApiCaller, DateTimeOffset, IReadOnlySet<Guid>, TRecord> create,
        Action<ConsoleDbContext, IReadOnlyList<TRecord>> add,
        Func<TRecord, long> id,
        Func<TItem, Guid?>? pageOf = null,
        DlpScan<TRecord>? scan = null)
        where TItem : class
        where TRecord : class =>
        writes.RunAsync<Batch<TItem>>(context, async (db, caller, batch) =>
        {
            var items = Items(batch);
            await EnsureActiveAsync(db, caller, context.RequestAborted).ConfigureAwait(false);
            var pages = new HashSet<Guid>();
            if (pageOf is not null)
            {
                var named = items.Select(pageOf).OfType<Guid>().Distinct().ToList();
                pages = (await db.Pages.Where(p => p.WorkspaceId == caller.WorkspaceId && named.Contains(p.Id)).Select(p => p.Id)
                    .ToListAsync(context.RequestAborted).ConfigureAwait(false)).ToHashSet();
            }

            var now = TimeProvider(context).GetUtcNow();
            var records = Validate(items, (item, _) => create(item, caller, now, pages));
            IReadOnlyList<DlpFinding>[] findings = [];
            if (scan is not null)
            {
                // Redacted before the first save: a matched value never reaches the database, not even for a moment.
                var options = await DetectorsAsync(context, db, caller, context.RequestAborted).ConfigureAwait(false);
                findings = records.Select(r => scan.Redact(r, options)).ToArray();
            }

            add(db, records);
            await db.SaveChangesAsync(context.RequestAborted).ConfigureAwait(false);

            // The ids exist now; the alerts are saved with the rest when the write commits.
            var alerts = 0;
            if (scan is not null)
            {
                var contents = records.Select((r, i) => new DlpScannedContent(scan.Source, id(r), scan.User(r), findings[i]));
                alerts = (await DlpAlerts.RaiseAsync(db, caller.WorkspaceId, contents, now, context.RequestAborted).ConfigureAwait(false)).Count;
                foreach (var finding in findings.SelectMany(f => f))
                    ConsoleMeter.DlpFindings.Add(1, ConsoleMeter.Tag("detector", DlpDetectors.Find(finding.DetectorId) is null ? "custom" : finding.DetectorId));
            }

            return new ApiAnswer(StatusCodes.Status201Created, new RecordsAnswer(records.Count, records.Select(id).ToList(), alerts));
        });

    /// <summary>A workspace in the trash (or purged) takes no new data: what is reported for it would outlive its purge promise.</summary>
    private static async Task EnsureActiveAsync(ConsoleDbContext db, ApiCaller caller, CancellationToken cancellationToken)
    {
        var status = await db.Workspaces.Where(w => w.Id == caller.WorkspaceId).Select(w => w.Status).SingleAsync(cancellationToken).ConfigureAwait(false);
        if (status != WorkspaceStatus.Active)
            throw new ApiProblemException(StatusCodes.Status409Conflict, "The workspace is deleted.",
                "The workspace is in the trash (or purged) and takes no new data; restore it first.");
    }

    private static List<TItem> Items<TItem>(Batch<TItem> batch)
    {
        if (batch.Items is not { Count: > 0 } items)
            throw ApiProblemException.Invalid("items", "Send at least one item.");
        if (items.Count > MaxBatchItems)
            throw ApiProblemException.Invalid("items", $"Send at most {MaxBatchItems} items per request.");
        if (items.IndexOf(default!) is var nullAt and >= 0)
            throw ApiProblemException.Invalid($"items[{nullAt}]", "An item must be an object.");
        return items;
    }

    private static List<TRecord> Validate<TItem, TRecord>(List<TItem> items, Func<TItem, int, TRecord> create)
    {
        var errors = new Dictionary<string, string[]>();
        var records = new List<TRecord>(items.Count);
        for (var i = 0; i < items.Count; i++)
        {
            try
            {
                records.Add(create(items[i], i));
            }
            catch (DomainRuleException ex)
            {
                errors[$"items[{i}].{ApiProblemException.FieldName(ex.Field)}"] = [ex.Message];
            }
        }

        return errors.Count == 0 ? records : throw ApiProblemException.Invalid(errors);
    }

    private static T Required<T>(T? value, string field, string label)
        where T : struct =>
        value ?? throw new DomainRuleException(field, $"{label} is required.");

    private static Guid Required(Guid? value, string field, string label) =>
        value is { } id && id != Guid.Empty ? id : throw new DomainRuleException(field, $"{label} is required.");

    private static Guid OfWorkspace(Guid pageId, IReadOnlySet<Guid> pages) =>
        pages.Contains(pageId) ? pageId : throw new DomainRuleException("PageId", "There is no page with this id in the workspace; register it first.");

    /// <summary>When a record was made: now when not said; refused when it is in the future, which would stretch its retention.</summary>
    private static DateTimeOffset When(DateTimeOffset? reported, DateTimeOffset now, string field) =>
        reported is not { } at ? now
        : at <= now + ClockSkew ? at
        : throw new DomainRuleException(field, "The time must not be in the future.");

    private static TimeProvider TimeProvider(HttpContext context) => context.RequestServices.GetRequiredService<TimeProvider>();

    private static IResult NoSuch(string what) =>
        Results.Problem(statusCode: StatusCodes.Status404NotFound, title: $"No such {what}.", detail: $"There is no {what} with this id for this API key.");
}

/// <summary>A batch of records: at most <see cref="ProductApi.MaxBatchItems"/>, written all together or not at all.</summary>
internal sealed record Batch<TItem>(List<TItem>? Items);

/// <summary>How many records a batch wrote and their ids, in the order of the items.</summary>
/// <summary>An API key as <c>GET /api/v1/key</c> describes it: its public id, never its secret.</summary>
internal sealed record KeyAnswer(string KeyId, string Name, Guid WorkspaceId, IReadOnlyList<string> Scopes);

/// <summary>What a batch kept: how many, their ids, and how many DLP alerts their content raised.</summary>
internal sealed record RecordsAnswer(int Accepted, IReadOnlyList<long> Ids, int DlpAlerts = 0);

/// <summary>How many pages a batch named and their ids; pages registered before count as registered.</summary>
internal sealed record PagesAnswer(int Accepted, IReadOnlyList<Guid> Ids);

internal sealed record PromptLogItem(Guid? UserObjectId, string? Content, DateTimeOffset? CreatedAt);

internal sealed record AiOutputItem(Guid? PageId, string? Content, DateTimeOffset? CreatedAt);

internal sealed record ProviderRequestItem(string? Provider, int? PromisedRetentionDays, DateTimeOffset? RequestedAt);

internal sealed record PageItem(Guid? Id, string? Title);

internal sealed record EmbeddingItem(Guid? PageId, string? VectorStore, DateTimeOffset? CreatedAt);

internal sealed record RetentionPolicyAnswer(
    Guid WorkspaceId, string Plan, int Version, DateTimeOffset ChangedAt, int ProviderRetentionDays, int PromptHistoryDays,
    int AiOutputDays, int EmbeddingDeletionDays, int TrashRestoreDays, int AuditLogDays);
