using System.Buffers;
using System.Globalization;
using System.IO.Pipelines;
using System.Text.Json;
using AdminConsole.Domain.Audit;
using AdminConsole.Domain.Model.Audit;
using AdminConsole.Domain.Persistence;
using AdminConsole.Web.Security;
using Microsoft.EntityFrameworkCore;
using static AdminConsole.Web.Api.CsvDownload;

namespace AdminConsole.Web.Api;

/// <summary>
/// The audit log taken out of the console: CSV for people (newest first, as the page lists it) and JSON Lines for
/// re-verification (ascending, every hashed field, read by <c>tools/verify-audit-chain.mjs</c>). Both apply the
/// page's filters and the reader's workspace scope, and stop at the chain head read before the first row, so
/// entries appended while the file streams do not run past the head the response announces.
/// </summary>
internal static class AuditExports
{
    public const string JsonLinesMediaType = "application/x-ndjson";
    public const string HeadSequenceHeader = "X-Audit-Chain-Head-Sequence";
    public const string HeadHashHeader = "X-Audit-Chain-Head-Hash";

    private const int PageSize = AuditLogRequest.MaxTake;

    private static readonly string[] DateFormats = ["yyyy-MM-dd", "yyyy-MM-dd'T'HH:mm:ssK", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFK"];

    private static readonly JsonEncodedText SequenceName = JsonEncodedText.Encode("sequence");
    private static readonly JsonEncodedText AtName = JsonEncodedText.Encode("at");
    private static readonly JsonEncodedText AtTicksName = JsonEncodedText.Encode("atTicks");
    private static readonly JsonEncodedText ActorIdName = JsonEncodedText.Encode("actorId");
    private static readonly JsonEncodedText ActorNameName = JsonEncodedText.Encode("actorName");
    private static readonly JsonEncodedText ActorRoleName = JsonEncodedText.Encode("actorRole");
    private static readonly JsonEncodedText SourceIpName = JsonEncodedText.Encode("sourceIp");
    private static readonly JsonEncodedText WorkspaceIdName = JsonEncodedText.Encode("workspaceId");
    private static readonly JsonEncodedText ActionName = JsonEncodedText.Encode("action");
    private static readonly JsonEncodedText TargetTypeName = JsonEncodedText.Encode("targetType");
    private static readonly JsonEncodedText TargetIdName = JsonEncodedText.Encode("targetId");
    private static readonly JsonEncodedText BeforeName = JsonEncodedText.Encode("before");
    private static readonly JsonEncodedText AfterName = JsonEncodedText.Encode("after");
    private static readonly JsonEncodedText PreviousHashName = JsonEncodedText.Encode("previousHash");
    private static readonly JsonEncodedText HashName = JsonEncodedText.Encode("hash");
    private static readonly JsonEncodedText SealName = JsonEncodedText.Encode("seal");

    /// <summary>
    /// The filtered log as CSV, newest first. Cells a spreadsheet would run as formulas are disarmed with a leading
    /// quote, so a CSV row is not byte for byte what was hashed: re-verify from the JSON Lines export.
    /// </summary>
    public static async Task<IResult> CsvAsync(HttpContext context, ConsoleDbContext db, string? from, string? to, string? actor, string? workspace, string? action)
    {
        var (request, problem) = ParseFilters(from, to, actor, workspace, action);
        if (request is null)
            return problem!;
        var (matching, head) = await PrepareAsync(context, db, request);

        await CsvDownload.WriteAsync<AuditEntry>(
            context, "audit-log.csv", "sequence,at_utc,actor_id,actor_name,actor_role,source_ip,workspace_id,action,target_type,target_id,before,after,previous_hash,hash", PageSize,
            (last, cancellationToken) =>
            {
                var below = last?.Sequence ?? head + 1;
                return matching.Where(e => e.Sequence < below).OrderByDescending(e => e.Sequence).Take(PageSize).ToListAsync(cancellationToken);
            },
            e => string.Join(',',
                e.Sequence.ToString(CultureInfo.InvariantCulture), Iso(e.At),
                Cell(e.ActorId), Cell(e.ActorName), Cell(e.ActorRole), Cell(e.SourceIp), e.WorkspaceId?.ToString("D") ?? string.Empty,
                Cell(e.Action), Cell(e.TargetType), Cell(e.TargetId), Cell(e.Before), Cell(e.After), e.PreviousHash, e.Hash));
        return Results.Empty;
    }

    /// <summary>
    /// The filtered log as JSON Lines, ascending by sequence so that a verifier walks the chain forwards: one
    /// object per entry with every field the hash covers, as stored. Keyset pages on the sequence, each one query,
    /// written and flushed as read.
    /// </summary>
    public static async Task<IResult> JsonLinesAsync(HttpContext context, ConsoleDbContext db, string? from, string? to, string? actor, string? workspace, string? action)
    {
        var (request, problem) = ParseFilters(from, to, actor, workspace, action);
        if (request is null)
            return problem!;
        var (matching, head) = await PrepareAsync(context, db, request);

        return Results.Stream(
            async body =>
            {
                // A page's lines are gathered in a buffer and written with one asynchronous write: a JSON writer on
                // the response itself would write and flush it synchronously, which the server refuses.
                var buffer = new ArrayBufferWriter<byte>(64 * 1024);
                using var json = new Utf8JsonWriter(buffer);
                long after = 0;
                while (true)
                {
                    var above = after;
                    var page = await matching.Where(e => e.Sequence > above && e.Sequence <= head)
                        .OrderBy(e => e.Sequence).Take(PageSize).ToListAsync(context.RequestAborted);
                    buffer.ResetWrittenCount();
                    foreach (var entry in page)
                    {
                        json.Reset();
                        Write(json, entry);
                        json.Flush();
                        buffer.Write("\n"u8);
                    }

                    await body.WriteAsync(buffer.WrittenMemory, context.RequestAborted);
                    await body.FlushAsync(context.RequestAborted);
                    if (page.Count < PageSize)
                        break;
                    after = page[^1].Sequence;
                }
            },
            JsonLinesMediaType,
            "audit-log.jsonl");
    }

    /// <summary>
    /// The entries to export and the chain head they stop at. The head goes out in headers only to readers who may
    /// verify the whole chain: its sequence counts every workspace's entries, which a workspace admin may not learn.
    /// </summary>
    private static async Task<(IQueryable<AuditEntry> Matching, long Head)> PrepareAsync(HttpContext context, ConsoleDbContext db, AuditLogRequest request)
    {
        var user = ConsoleApi.Caller(context);
        var head = await db.AuditChainHeads.AsNoTracking().SingleAsync(h => h.Id == AuditChainHead.SingletonId, context.RequestAborted);
        if (user.Satisfies(Policies.VerifyAuditLog))
        {
            context.Response.Headers[HeadSequenceHeader] = head.Sequence.ToString(CultureInfo.InvariantCulture);
            context.Response.Headers[HeadHashHeader] = head.Hash;
        }

        return (AuditLogQuery.Matching(db, request, db.AuditScope(user)), head.Sequence);
    }

    private static void Write(Utf8JsonWriter json, AuditEntry entry)
    {
        json.WriteStartObject();
        json.WriteNumber(SequenceName, entry.Sequence);
        json.WriteString(AtName, Iso(entry.At));

        // UTC ticks pass 2^53: as a JSON number, JavaScript (and many other readers) would round them.
        json.WriteString(AtTicksName, entry.At.UtcTicks.ToString(CultureInfo.InvariantCulture));
        json.WriteString(ActorIdName, entry.ActorId);
        json.WriteString(ActorNameName, entry.ActorName);
        json.WriteString(ActorRoleName, entry.ActorRole);
        WriteNullable(json, SourceIpName, entry.SourceIp);
        WriteNullable(json, WorkspaceIdName, entry.WorkspaceId?.ToString("D"));
        json.WriteString(ActionName, entry.Action);
        json.WriteString(TargetTypeName, entry.TargetType);
        json.WriteString(TargetIdName, entry.TargetId);
        WriteNullable(json, BeforeName, entry.Before);
        WriteNullable(json, AfterName, entry.After);
        json.WriteString(PreviousHashName, entry.PreviousHash);
        json.WriteString(HashName, entry.Hash);
        WriteNullable(json, SealName, entry.Seal);
        json.WriteEndObject();
    }

    private static void WriteNullable(Utf8JsonWriter json, JsonEncodedText name, string? value)
    {
        if (value is null)
            json.WriteNull(name);
        else
            json.WriteString(name, value);
    }

    /// <summary>Whole milliseconds, which is all an entry's time holds: the text names the hashed time exactly.</summary>
    private static string Iso(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    /// <summary>The page's filters from the query string, or a 400 problem naming each one at fault.</summary>
    internal static (AuditLogRequest? Request, IResult? Problem) ParseFilters(string? from, string? to, string? actor, string? workspace, string? action, string outcome = "nothing was exported")
    {
        var errors = new Dictionary<string, string[]>();
        if (!TryParseDate(from, out var fromAt))
            errors["from"] = ["'from' must be a UTC date (2026-12-01) or an ISO 8601 time (2026-12-01T09:30:00Z)."];
        if (!TryParseDate(to, out var toAt))
            errors["to"] = ["'to' must be a UTC date (2026-12-01) or an ISO 8601 time (2026-12-01T09:30:00Z)."];
        else if (fromAt is { } f && toAt is { } t && t <= f)
            errors["to"] = ["'to' must be after 'from' (it is exclusive)."];
        Guid? workspaceId = null;
        if (!string.IsNullOrWhiteSpace(workspace))
        {
            if (Guid.TryParse(workspace, out var parsed))
                workspaceId = parsed;
            else
                errors["workspace"] = ["'workspace' must be a workspace id (a GUID)."];
        }

        return errors.Count > 0
            ? (null, Results.ValidationProblem(errors, title: "The filters are not valid.", detail: $"See errors for each filter at fault; {outcome}."))
            : (new AuditLogRequest(fromAt, toAt, actor, workspaceId, action), null);
    }

    /// <summary>Empty means no bound; a date without a time is midnight UTC, as on the page.</summary>
    private static bool TryParseDate(string? value, out DateTimeOffset? at)
    {
        at = null;
        if (string.IsNullOrWhiteSpace(value))
            return true;
        if (!DateTimeOffset.TryParseExact(value.Trim(), DateFormats, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var parsed))
            return false;
        at = parsed;
        return true;
    }
}
