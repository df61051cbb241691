using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using AdminConsole.Domain.Model.Api;
using AdminConsole.Domain.Model.Common;
using AdminConsole.Domain.Persistence;
using Microsoft.EntityFrameworkCore;

namespace AdminConsole.Web.Api;

/// <summary>What a write at /api/v1 answers: a status and, unless it is 204, a JSON body.</summary>
internal sealed record ApiAnswer(int Status, object? Body = null);

/// <summary>A request the API refuses with a problem; thrown inside a write, it rolls the whole write back.</summary>
internal sealed class ApiProblemException(int status, string title, string? detail = null, IDictionary<string, string[]>? errors = null) : Exception(title)
{
    public int Status { get; } = status;

    public string Title { get; } = title;

    public string? Detail { get; } = detail;

    public IDictionary<string, string[]>? Errors { get; } = errors;

    public IResult ToResult() => Errors is null
        ? Results.Problem(statusCode: Status, title: Title, detail: Detail)
        : Results.ValidationProblem(Errors, statusCode: Status, title: Title, detail: Detail);

    public static ApiProblemException Invalid(IDictionary<string, string[]> errors) =>
        new(StatusCodes.Status400BadRequest, "The request is not valid.", "See errors for each field at fault; nothing was written.", errors);

    public static ApiProblemException Invalid(string field, string message) =>
        Invalid(new Dictionary<string, string[]> { [field] = [message] });

    /// <summary>A domain rule's field as the JSON body spells it, each step of its path: <c>Metrics[1].Threshold</c> is <c>metrics[1].threshold</c>.</summary>
    public static string FieldName(string field) =>
        string.Join('.', (field ?? string.Empty).Split('.').Select(JsonNamingPolicy.CamelCase.ConvertName));
}

/// <summary>
/// The frame of every write at /api/v1: the body read within <see cref="MaxBodyBytes"/> (413 beyond, whether or not
/// the client sent a Content-Length), parsed (400 with the field at fault), and the write run in one transaction
/// with its <c>Idempotency-Key</c> record: the same key and request replay the stored answer, another request
/// under the same key is refused (422), and a refused write leaves nothing behind.
/// </summary>
internal sealed partial class ApiWrites(IDbContextFactory<ConsoleDbContext> dbFactory, TimeProvider clock, ILogger<ApiWrites> logger)
{
    public const int MaxBodyBytes = 64 * 1024;
    public const string IdempotencyHeader = "Idempotency-Key";
    public const string ReplayedHeader = "Idempotency-Replayed";

    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>A write whose request has a JSON body of type <typeparamref name="TBody"/>.</summary>
    /// <param name="maxBodyBytes">The body's limit, when a request may carry more than <see cref="MaxBodyBytes"/> (an evidence file).</param>
    public async Task<IResult> RunAsync<TBody>(HttpContext context, Func<ConsoleDbContext, ApiCaller, TBody, Task<ApiAnswer>> write, int maxBodyBytes = MaxBodyBytes)
        where TBody : class
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(write);
        try
        {
            var body = await ReadBodyAsync(context.Request, maxBodyBytes).ConfigureAwait(false);
            var parsed = Parse<TBody>(body);
            return await WriteOnceAsync(context, body, (db, caller) => write(db, caller, parsed)).ConfigureAwait(false);
        }
        catch (ApiProblemException problem)
        {
            return problem.ToResult();
        }
    }

    /// <summary>
    /// The JSON body of a write that runs its own command instead of <see cref="RunAsync{TBody}"/>, read and parsed
    /// under the same limits; throws <see cref="ApiProblemException"/> (400, 413).
    /// </summary>
    public static async Task<TBody> ReadAsync<TBody>(HttpRequest request)
        where TBody : class
    {
        ArgumentNullException.ThrowIfNull(request);
        return Parse<TBody>(await ReadBodyAsync(request).ConfigureAwait(false));
    }

    /// <summary>A write whose request has no body (a deletion or a restore).</summary>
    public async Task<IResult> RunAsync(HttpContext context, Func<ConsoleDbContext, ApiCaller, Task<ApiAnswer>> write)
    {
        ArgumentNullException.ThrowIfNull(context);
        try
        {
            var body = await ReadBodyAsync(context.Request).ConfigureAwait(false);
            return await WriteOnceAsync(context, body, write).ConfigureAwait(false);
        }
        catch (ApiProblemException problem)
        {
            return problem.ToResult();
        }
    }

    private async Task<IResult> WriteOnceAsync(HttpContext context, byte[] body, Func<ConsoleDbContext, ApiCaller, Task<ApiAnswer>> write)
    {
        var caller = ApiCaller.From(context);
        var cancellationToken = context.RequestAborted;
        string? idempotencyKey = context.Request.Headers[IdempotencyHeader];
        if (idempotencyKey is not null)
        {
            try
            {
                IdempotencyRecord.ValidKey(idempotencyKey);
            }
            catch (DomainRuleException ex)
            {
                throw ApiProblemException.Invalid(IdempotencyHeader, ex.Message);
            }
        }

        var requestHash = RequestHash(context.Request, body);
        if (idempotencyKey is not null && await ReplayAsync(context, caller, idempotencyKey, requestHash).ConfigureAwait(false) is { } replay)
            return replay;

        try
        {
            await using var db = await dbFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            var answer = await write(db, caller).ConfigureAwait(false);
            await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
            var json = answer.Body is null ? null : JsonSerializer.Serialize(answer.Body, Json);
            if (idempotencyKey is not null)
            {
                var now = clock.GetUtcNow();
                await db.IdempotencyRecords.Where(r => r.ApiKeyId == caller.ApiKeyId && r.ExpiresAt <= now)
                    .ExecuteDeleteAsync(cancellationToken).ConfigureAwait(false);
                db.IdempotencyRecords.Add(IdempotencyRecord.Create(caller.ApiKeyId, idempotencyKey, requestHash, answer.Status, json, json is null ? null : "application/json", now));
                await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
            }

            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            return Answer(answer.Status, json);
        }
        catch (DbUpdateException ex) when (idempotencyKey is not null && DatabaseErrors.IsUniqueViolation(ex))
        {
            // Another request with the same Idempotency-Key committed first: this one's write was rolled back.
            // Any other failure is not a race and is not answered as one.
            LogIdempotencyRace(logger, caller.KeyId);
            return await ReplayAsync(context, caller, idempotencyKey, requestHash).ConfigureAwait(false)
                ?? throw new ApiProblemException(StatusCodes.Status409Conflict, "A request with this Idempotency-Key is in progress.", "Retry it shortly.");
        }
        catch (DomainRuleException ex)
        {
            throw ApiProblemException.Invalid(ApiProblemException.FieldName(ex.Field), ex.Message);
        }
    }

    private async Task<IResult?> ReplayAsync(HttpContext context, ApiCaller caller, string idempotencyKey, string requestHash)
    {
        await using var db = await dbFactory.CreateDbContextAsync(context.RequestAborted).ConfigureAwait(false);
        var now = clock.GetUtcNow();
        var stored = await db.IdempotencyRecords.AsNoTracking()
            .SingleOrDefaultAsync(r => r.ApiKeyId == caller.ApiKeyId && r.Key == idempotencyKey && r.ExpiresAt > now, context.RequestAborted).ConfigureAwait(false);
        if (stored is null)
            return null;
        if (!string.Equals(stored.RequestHash, requestHash, StringComparison.Ordinal))
        {
            throw new ApiProblemException(
                StatusCodes.Status422UnprocessableEntity,
                "The Idempotency-Key was used for another request.",
                "This key was first sent with a different method, path or body; use a new Idempotency-Key for a new request.");
        }

        context.Response.Headers[ReplayedHeader] = "true";
        return Answer(stored.StatusCode, stored.ResponseBody);
    }

    private static IResult Answer(int status, string? json) =>
        json is null ? Results.StatusCode(status) : Results.Content(json, "application/json", Encoding.UTF8, status);

    private static string RequestHash(HttpRequest request, byte[] body)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(Encoding.UTF8.GetBytes($"{request.Method} {request.Path.Value}\n"));
        hash.AppendData(body);
        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    /// <summary>The body, refused beyond the limit before more of it is read than the limit and one byte.</summary>
    private static async Task<byte[]> ReadBodyAsync(HttpRequest request, int maxBodyBytes = MaxBodyBytes)
    {
        if (request.ContentLength > maxBodyBytes)
            throw TooLarge(maxBodyBytes);
        using var buffer = new MemoryStream();
        var chunk = new byte[8192];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, request.HttpContext.RequestAborted).ConfigureAwait(false)) > 0)
        {
            if (buffer.Length + read > maxBodyBytes)
                throw TooLarge(maxBodyBytes);
            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }

    private static ApiProblemException TooLarge(int maxBodyBytes) =>
        new(StatusCodes.Status413PayloadTooLarge, "The request body is too large.", $"A request may carry at most {maxBodyBytes / 1024} KiB; send big batches in parts. Nothing was written.");

    private static TBody Parse<TBody>(byte[] body)
        where TBody : class
    {
        if (body.Length == 0)
            throw ApiProblemException.Invalid(string.Empty, "A JSON body is required.");
        try
        {
            return JsonSerializer.Deserialize<TBody>(body, Json) ?? throw ApiProblemException.Invalid(string.Empty, "A JSON body is required.");
        }
        catch (JsonException ex)
        {
            var field = string.IsNullOrEmpty(ex.Path) || ex.Path == "$" ? string.Empty : ex.Path.TrimStart('$', '.');
            throw ApiProblemException.Invalid(field, $"The body is not valid JSON for this request (line {ex.LineNumber + 1}, byte {ex.BytePositionInLine + 1}).");
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Idempotency-Key reused concurrently with API key {ApiKeyId}; answering with the first request's result")]
    private static partial void LogIdempotencyRace(ILogger logger, string apiKeyId);
}
