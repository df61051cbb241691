using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using AdminConsole.Domain.Commands;
using AdminConsole.Domain.Model.Api;
using AdminConsole.Domain.Persistence;
using AdminConsole.Web.Api;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace AdminConsole.Web.Tests;

/// <summary>/api/v1 through the whole app over SQLite and PostgreSQL: keys, scoping, limits, idempotency, lifecycle.</summary>
public class ProductApiTests
{
    private const string V1 = "/api/v1/workspaces/";

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task AKeyOfA_ReachesNothingOfB_AndBAnswersExactlyLikeAWorkspaceThatDoesNotExist(DatabaseProvider provider)
    {
        await using var api = await ApiHarness.StartAsync(provider);
        using var ofB = await api.ClientForAsync(api.B);
        var pageOfB = Guid.NewGuid();
        await AssertCreatedAsync(await ofB.PostAsJsonAsync($"{V1}{api.B}/pages", new { items = new[] { new { id = pageOfB, title = "Globex merger plan" } } }));
        using var ofA = await api.ClientForAsync(api.A);
        var before = await api.CountsAsync();

        foreach (var (method, path, body) in Endpoints(pageOfB))
        {
            var ofBAnswer = await SendAsync(ofA, method, $"{V1}{api.B}{path}", body);
            var unknownAnswer = await SendAsync(ofA, method, $"{V1}{Guid.NewGuid()}{path}", body);
            Assert.True(ofBAnswer.Status == HttpStatusCode.NotFound, $"{method} {path}: {ofBAnswer.Status} {ofBAnswer.Body}");
            Assert.Equal(unknownAnswer.Status, ofBAnswer.Status);
            Assert.Equal(WithoutTraceId(unknownAnswer.Body), WithoutTraceId(ofBAnswer.Body));
            Assert.DoesNotContain("Globex", ofBAnswer.Body, StringComparison.Ordinal);
        }

        // B's page named under A's own workspace reads like a page that does not exist, for every use of a page id.
        foreach (var (method, path, body) in PageUses(pageOfB))
        {
            var ofBAnswer = await SendAsync(ofA, method, $"{V1}{api.A}{path(pageOfB)}", body(pageOfB));
            var unknown = Guid.NewGuid();
            var unknownAnswer = await SendAsync(ofA, method, $"{V1}{api.A}{path(unknown)}", body(unknown));
            Assert.True(ofBAnswer.Status is HttpStatusCode.NotFound or HttpStatusCode.BadRequest, $"{method} {path(pageOfB)}: {ofBAnswer.Status} {ofBAnswer.Body}");
            Assert.Equal((unknownAnswer.Status, WithoutTraceId(unknownAnswer.Body)), (ofBAnswer.Status, WithoutTraceId(ofBAnswer.Body)));
        }

        Assert.Equal(before, await api.CountsAsync());
        await using var db = api.Db();
        Assert.Null((await db.Pages.SingleAsync(p => p.Id == pageOfB)).DeletedAt);
        Assert.Equal(Domain.Model.Workspaces.WorkspaceStatus.Active, (await db.Workspaces.SingleAsync(w => w.Id == api.B)).Status);
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task ARevokedKey_FailsOnTheVeryNextRequest_With401ProblemAndBearerChallenge(DatabaseProvider provider)
    {
        await using var api = await ApiHarness.StartAsync(provider);
        var (id, secret) = await api.IssueAsync(api.A);
        using var client = api.Client(secret);
        using (var ok = await client.GetAsync(new Uri($"{V1}{api.A}/retention-policy", UriKind.Relative)))
            Assert.Equal(HttpStatusCode.OK, ok.StatusCode);

        await api.Keys.RevokeAsync(ApiHarness.Seed, api.A, id);

        using var refused = await client.GetAsync(new Uri($"{V1}{api.A}/retention-policy", UriKind.Relative));
        await AssertProblemAsync(refused, HttpStatusCode.Unauthorized, "An API key is required.");
        Assert.Equal("Bearer", refused.Headers.WwwAuthenticate.Single().Scheme);
        Assert.Contains("revoked", (await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task TheKeyRoute_DescribesTheKeyOfTheRequest_AndRefusesARevokedOrMissingOne(DatabaseProvider provider)
    {
        await using var api = await ApiHarness.StartAsync(provider);
        var (id, secret) = await api.IssueAsync(api.A);
        using var client = api.Client(secret);
        var key = new Uri("/api/v1/key", UriKind.Relative);

        using (var ok = await client.GetAsync(key))
        {
            Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
            var body = await ok.Content.ReadFromJsonAsync<JsonElement>();
            Assert.Equal(api.A, body.GetProperty("workspaceId").GetGuid());
            Assert.Equal(ApiKey.KeyIdOf(secret), body.GetProperty("keyId").GetString());
            Assert.NotEmpty(body.GetProperty("scopes").EnumerateArray());
            Assert.DoesNotContain(secret, body.GetRawText(), StringComparison.Ordinal);
        }

        using (var anonymous = api.Client(null))
        using (var missing = await anonymous.GetAsync(key))
            await AssertProblemAsync(missing, HttpStatusCode.Unauthorized, "An API key is required.");

        await api.Keys.RevokeAsync(ApiHarness.Seed, api.A, id);
        using var refused = await client.GetAsync(key);
        await AssertProblemAsync(refused, HttpStatusCode.Unauthorized, "An API key is required.");
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task UnknownMalformedOrMissingKeys_Are401Problems_ThatNeverEchoTheKey(DatabaseProvider provider)
    {
        await using var api = await ApiHarness.StartAsync(provider);
        var (_, secret) = await api.IssueAsync(api.A);
        var wrongSecret = secret[..^4] + (secret.EndsWith("AAAA", StringComparison.Ordinal) ? "BBBB" : "AAAA");
        foreach (var presented in new[] { wrongSecret, "ack_nonsense", "not-a-key", null })
        {
            using var client = api.Client(presented);
            using var response = await client.GetAsync(new Uri($"{V1}{api.A}/retention-policy", UriKind.Relative));
            await AssertProblemAsync(response, HttpStatusCode.Unauthorized, "An API key is required.");
            Assert.Equal("Bearer", response.Headers.WwwAuthenticate.Single().Scheme);
            if (presented is not null)
                Assert.DoesNotContain(presented, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task AKeyWithoutTheScope_Is403_NamingTheScope(DatabaseProvider provider)
    {
        await using var api = await ApiHarness.StartAsync(provider);
        using var readOnly = await api.ClientForAsync(api.A, ApiScopes.PolicyRead);
        using var eventsOnly = await api.ClientForAsync(api.A, ApiScopes.EventsWrite);

        using var write = await readOnly.PostAsJsonAsync($"{V1}{api.A}/prompt-logs", new { items = new[] { Prompt("hello") } });
        await AssertProblemAsync(write, HttpStatusCode.Forbidden, "The API key lacks a scope this request needs.");
        using var delete = await eventsOnly.DeleteAsync(new Uri($"{V1}{api.A}", UriKind.Relative));
        await AssertProblemAsync(delete, HttpStatusCode.Forbidden, "The API key lacks a scope this request needs.");
        Assert.Contains("lifecycle:write", await delete.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        using var read = await eventsOnly.GetAsync(new Uri($"{V1}{api.A}/retention-policy", UriKind.Relative));
        await AssertProblemAsync(read, HttpStatusCode.Forbidden, "The API key lacks a scope this request needs.");
        Assert.Equal(0, (await api.CountsAsync()).Prompts);
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task MalformedJsonAndMissingFields_Are400ProblemsNamingTheField_AndWriteNothing(DatabaseProvider provider)
    {
        await using var api = await ApiHarness.StartAsync(provider);
        using var client = await api.ClientForAsync(api.A);
        var before = await api.CountsAsync();

        using var malformed = await client.PostAsync(new Uri($"{V1}{api.A}/prompt-logs", UriKind.Relative), Json("{\"items\": [{\"content\": \"hi\", "));
        var problem = await AssertProblemAsync(malformed, HttpStatusCode.BadRequest, "The request is not valid.");
        Assert.True(problem.TryGetProperty("errors", out _));

        using var wrongType = await client.PostAsync(new Uri($"{V1}{api.A}/provider-requests", UriKind.Relative), Json("{\"items\": [{\"provider\": \"OpenAI\", \"promisedRetentionDays\": \"thirty\"}]}"));
        var typeErrors = (await AssertProblemAsync(wrongType, HttpStatusCode.BadRequest, "The request is not valid.")).GetProperty("errors");
        Assert.True(typeErrors.TryGetProperty("items[0].promisedRetentionDays", out _), typeErrors.ToString());

        using var missing = await client.PostAsync(new Uri($"{V1}{api.A}/prompt-logs", UriKind.Relative), Json("{\"items\": [{\"content\": \"\"}]}"));
        var errors = (await AssertProblemAsync(missing, HttpStatusCode.BadRequest, "The request is not valid.")).GetProperty("errors");
        Assert.Equal("User object id is required.", errors.GetProperty("items[0].userObjectId")[0].GetString());

        using var empty = await client.PostAsync(new Uri($"{V1}{api.A}/embeddings", UriKind.Relative), Json("{}"));
        Assert.Equal("Send at least one item.", (await AssertProblemAsync(empty, HttpStatusCode.BadRequest, "The request is not valid.")).GetProperty("errors").GetProperty("items")[0].GetString());

        Assert.Equal(before, await api.CountsAsync());
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite, true)]
    [InlineData(DatabaseProvider.Sqlite, false)]
    [InlineData(DatabaseProvider.Postgres, true)]
    [InlineData(DatabaseProvider.Postgres, false)]
    public async Task ABodyOverTheLimit_Is413Problem_WithOrWithoutContentLength_AndWritesNothing(DatabaseProvider provider, bool withContentLength)
    {
        await using var api = await ApiHarness.StartAsync(provider);
        using var client = await api.ClientForAsync(api.A);
        var items = Enumerable.Range(0, 20).Select(_ => Prompt(new string('x', 4000))).ToArray();
        var bytes = JsonSerializer.SerializeToUtf8Bytes(new { items });
        Assert.True(bytes.Length > ApiWrites.MaxBodyBytes);
        HttpContent content = withContentLength ? new ByteArrayContent(bytes) : new UnknownLengthContent(bytes);
        content.Headers.ContentType = new("application/json");

        using var response = await client.PostAsync(new Uri($"{V1}{api.A}/prompt-logs", UriKind.Relative), content);

        await AssertProblemAsync(response, HttpStatusCode.RequestEntityTooLarge, "The request body is too large.");
        Assert.Equal(0, (await api.CountsAsync()).Prompts);

        // The same prompts in parts under the limit are accepted.
        using var part = await client.PostAsJsonAsync($"{V1}{api.A}/prompt-logs", new { items = items.Take(10).ToArray() });
        await AssertCreatedAsync(part);
        Assert.Equal(10, (await api.CountsAsync()).Prompts);
    }

    /// <summary>
    /// PostgreSQL text cannot hold U+0000: content with it is refused as the client's error, naming the field, with or
    /// without an Idempotency-Key (a failed save is not taken for a lost race), and nothing is written.
    /// </summary>
    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task ContentWithANulCharacter_Is400NamingTheField_WithOrWithoutAnIdempotencyKey(DatabaseProvider provider)
    {
        await using var api = await ApiHarness.StartAsync(provider);
        using var client = await api.ClientForAsync(api.A);
        var before = await api.CountsAsync();
        var body = new { items = new[] { Prompt("fine"), Prompt("before\0after") } };

        using var plain = await client.PostAsync(new Uri($"{V1}{api.A}/prompt-logs", UriKind.Relative), JsonContent.Create(body));
        var errors = (await AssertProblemAsync(plain, HttpStatusCode.BadRequest, "The request is not valid.")).GetProperty("errors");
        Assert.Equal("Content must not contain the NUL character (U+0000).", errors.GetProperty("items[1].content")[0].GetString());

        var keyed = await PostIdempotentAsync(client, $"{V1}{api.A}/ai-outputs", new { items = new[] { new { content = "x\0y" } } }, "nul-0001");
        Assert.Equal(HttpStatusCode.BadRequest, keyed.Status);
        Assert.Contains("items[0].content", keyed.Body, StringComparison.Ordinal);

        Assert.Equal(before, await api.CountsAsync());
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task TheSameIdempotencyKeyAndBody_ReplaysTheFirstAnswer_WritingOnce_AndAnotherBodyUnderItIs422(DatabaseProvider provider)
    {
        await using var api = await ApiHarness.StartAsync(provider);
        using var client = await api.ClientForAsync(api.A);
        var body = new { items = new[] { Prompt("What is our travel policy?"), Prompt("Summarise the Q3 notes") } };

        var first = await PostIdempotentAsync(client, $"{V1}{api.A}/prompt-logs", body, "report-0001");
        var second = await PostIdempotentAsync(client, $"{V1}{api.A}/prompt-logs", body, "report-0001");

        Assert.Equal(HttpStatusCode.Created, first.Status);
        Assert.Equal((first.Status, first.Body), (second.Status, second.Body));
        Assert.True(second.Replayed);
        Assert.False(first.Replayed);
        Assert.Equal(2, (await api.CountsAsync()).Prompts);
        Assert.Equal(1, (await api.CountsAsync()).Idempotency);

        var other = await PostIdempotentAsync(client, $"{V1}{api.A}/prompt-logs", new { items = new[] { Prompt("Something else") } }, "report-0001");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, other.Status);
        Assert.Contains("Idempotency-Key was used for another request", other.Body, StringComparison.Ordinal);
        Assert.Equal(2, (await api.CountsAsync()).Prompts);

        // Keys are kept per API key: another key may use the same Idempotency-Key for its own request.
        using var otherKey = await api.ClientForAsync(api.A);
        var fresh = await PostIdempotentAsync(otherKey, $"{V1}{api.A}/prompt-logs", body, "report-0001");
        Assert.Equal(HttpStatusCode.Created, fresh.Status);
        Assert.Equal(4, (await api.CountsAsync()).Prompts);

        // After its lifetime the key may be used again for a new write.
        api.Clock.Advance(IdempotencyRecord.Lifetime + TimeSpan.FromSeconds(1));
        var later = await PostIdempotentAsync(client, $"{V1}{api.A}/prompt-logs", new { items = new[] { Prompt("Something else") } }, "report-0001");
        Assert.Equal(HttpStatusCode.Created, later.Status);
        Assert.Equal(5, (await api.CountsAsync()).Prompts);
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task ABatchWithOneInvalidItem_WritesNothing_AndNamesEveryItemAtFault(DatabaseProvider provider)
    {
        await using var api = await ApiHarness.StartAsync(provider);
        using var client = await api.ClientForAsync(api.A);
        var page = Guid.NewGuid();
        await AssertCreatedAsync(await client.PostAsJsonAsync($"{V1}{api.A}/pages", new { items = new[] { new { id = page, title = "Travel policy" } } }));
        var before = await api.CountsAsync();

        using var providers = await client.PostAsJsonAsync($"{V1}{api.A}/provider-requests", new
        {
            items = new object[]
            {
                new { provider = "OpenAI", promisedRetentionDays = 0 },
                new { provider = "Anthropic", promisedRetentionDays = -1 },
                new { provider = "", promisedRetentionDays = 30 },
            },
        });
        var errors = (await AssertProblemAsync(providers, HttpStatusCode.BadRequest, "The request is not valid.")).GetProperty("errors");
        Assert.True(errors.TryGetProperty("items[1].promisedRetentionDays", out _), errors.ToString());
        Assert.Equal("Provider is required.", errors.GetProperty("items[2].provider")[0].GetString());
        Assert.False(errors.TryGetProperty("items[0].provider", out _));

        using var embeddings = await client.PostAsJsonAsync($"{V1}{api.A}/embeddings", new
        {
            items = new object[] { new { pageId = page, vectorStore = "pgvector" }, new { pageId = Guid.NewGuid(), vectorStore = "pgvector" } },
        });
        var embeddingErrors = (await AssertProblemAsync(embeddings, HttpStatusCode.BadRequest, "The request is not valid.")).GetProperty("errors");
        Assert.Contains("no page with this id", embeddingErrors.GetProperty("items[1].pageId")[0].GetString(), StringComparison.Ordinal);

        using var future = await client.PostAsJsonAsync($"{V1}{api.A}/ai-outputs", new
        {
            items = new object[] { new { pageId = page, content = "Answer" }, new { content = "Later", createdAt = ApiHarness.Start.AddDays(1) } },
        });
        var futureErrors = (await AssertProblemAsync(future, HttpStatusCode.BadRequest, "The request is not valid.")).GetProperty("errors");
        Assert.Equal("The time must not be in the future.", futureErrors.GetProperty("items[1].createdAt")[0].GetString());

        Assert.Equal(before, await api.CountsAsync());

        using var valid = await client.PostAsJsonAsync($"{V1}{api.A}/embeddings", new { items = new[] { new { pageId = page, vectorStore = "pgvector" } } });
        var answer = await AssertCreatedAsync(valid);
        Assert.Equal(1, answer.GetProperty("accepted").GetInt32());
        await using var db = api.Db();
        var stored = await db.Embeddings.SingleAsync();
        Assert.Equal((api.A, page, "pgvector", ApiHarness.Start), (stored.WorkspaceId, stored.PageId, stored.VectorStore, stored.CreatedAt));
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task APage_RestoresWithinTheWindow_AndAfterIt_IsA409ProblemWithTheReason_AuditedUnderTheKey(DatabaseProvider provider)
    {
        await using var api = await ApiHarness.StartAsync(provider);
        var (_, secret) = await api.IssueAsync(api.A);
        using var client = api.Client(secret);
        var (early, late) = (Guid.NewGuid(), Guid.NewGuid());
        await AssertCreatedAsync(await client.PostAsJsonAsync($"{V1}{api.A}/pages", new { items = new[] { new { id = early, title = "Early" }, new { id = late, title = "Late" } } }));

        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync(new Uri($"{V1}{api.A}/pages/{early}", UriKind.Relative))).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync(new Uri($"{V1}{api.A}/pages/{late}", UriKind.Relative))).StatusCode);

        api.Clock.Advance(TimeSpan.FromDays(29));
        using (var restored = await client.PostAsync(new Uri($"{V1}{api.A}/pages/{early}/restore", UriKind.Relative), null))
            Assert.Equal(HttpStatusCode.NoContent, restored.StatusCode);

        api.Clock.Advance(TimeSpan.FromDays(1) + TimeSpan.FromSeconds(1));
        using var refused = await client.PostAsync(new Uri($"{V1}{api.A}/pages/{late}/restore", UriKind.Relative), null);
        var problem = await AssertProblemAsync(refused, HttpStatusCode.Conflict, "The change was refused.");
        Assert.Equal(
            "It was deleted on 2026-12-02 09:00 UTC and the restore window of 30 days ended on 2027-01-01 09:00 UTC: it can no longer be restored, and is deleted for good by the next trash purge (unless a legal hold keeps it).",
            problem.GetProperty("detail").GetString());

        await using var db = api.Db();
        Assert.Null((await db.Pages.SingleAsync(p => p.Id == early)).DeletedAt);
        Assert.NotNull((await db.Pages.SingleAsync(p => p.Id == late)).DeletedAt);
        var entries = await db.AuditEntries.Where(e => e.Action.StartsWith("page.")).OrderBy(e => e.Sequence).ToListAsync();
        Assert.Equal(["page.deleted", "page.deleted", "page.restored"], entries.Select(e => e.Action));
        Assert.All(entries, e => Assert.Equal(("AI product", "API key"), (e.ActorName, e.ActorRole)));
        Assert.All(entries, e => Assert.StartsWith("api-key:" + ApiKey.KeyIdOf(secret), e.ActorId, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task TheWorkspace_IsDeletedAndRestoredWithinTheWindow_AndRefusedAfterIt(DatabaseProvider provider)
    {
        await using var api = await ApiHarness.StartAsync(provider);
        using var client = await api.ClientForAsync(api.A, ApiScopes.LifecycleWrite);

        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync(new Uri($"{V1}{api.A}", UriKind.Relative))).StatusCode);
        api.Clock.Advance(TimeSpan.FromDays(10));
        Assert.Equal(HttpStatusCode.NoContent, (await client.PostAsync(new Uri($"{V1}{api.A}/restore", UriKind.Relative), null)).StatusCode);
        await using (var db = api.Db())
            Assert.Equal(Domain.Model.Workspaces.WorkspaceStatus.Active, (await db.Workspaces.SingleAsync(w => w.Id == api.A)).Status);

        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync(new Uri($"{V1}{api.A}", UriKind.Relative))).StatusCode);
        api.Clock.Advance(TimeSpan.FromDays(31));
        using var refused = await client.PostAsync(new Uri($"{V1}{api.A}/restore", UriKind.Relative), null);
        var problem = await AssertProblemAsync(refused, HttpStatusCode.Conflict, "The change was refused.");
        Assert.Contains("can no longer be restored", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task AWorkspaceInTheTrash_TakesNoNewData_UntilItIsRestored(DatabaseProvider provider)
    {
        await using var api = await ApiHarness.StartAsync(provider);
        using var client = await api.ClientForAsync(api.A, ApiScopes.LifecycleWrite, ApiScopes.EventsWrite);
        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync(new Uri($"{V1}{api.A}", UriKind.Relative))).StatusCode);

        using var refused = await client.PostAsJsonAsync($"{V1}{api.A}/prompt-logs", new { items = new[] { Prompt("hello") } });
        var problem = await AssertProblemAsync(refused, HttpStatusCode.Conflict, "The workspace is deleted.");
        Assert.Contains("restore it first", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        using var page = await client.PostAsJsonAsync($"{V1}{api.A}/pages", new { items = new[] { new { id = Guid.NewGuid(), title = "Minutes" } } });
        await AssertProblemAsync(page, HttpStatusCode.Conflict, "The workspace is deleted.");
        await using (var db = api.Db())
        {
            Assert.False(await db.PromptLogs.AnyAsync());
            Assert.False(await db.Pages.AnyAsync(p => p.WorkspaceId == api.A && p.Title == "Minutes"));
        }

        Assert.Equal(HttpStatusCode.NoContent, (await client.PostAsync(new Uri($"{V1}{api.A}/restore", UriKind.Relative), null)).StatusCode);
        using var accepted = await client.PostAsJsonAsync($"{V1}{api.A}/prompt-logs", new { items = new[] { Prompt("hello") } });
        await AssertCreatedAsync(accepted);
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task TheSecret_IsKeptOnlyAsItsHash_AndNeverInTheAuditLog(DatabaseProvider provider)
    {
        await using var api = await ApiHarness.StartAsync(provider);
        var (id, secret) = await api.IssueAsync(api.A, ApiScopes.EventsWrite, ApiScopes.PolicyRead);
        await api.Keys.RevokeAsync(ApiHarness.Seed, api.A, id);

        Assert.Matches("^ack_[a-z2-9]{12}_[A-Za-z0-9_-]{43}$", secret);
        var randomPart = secret[(ApiKey.Prefix.Length + ApiKey.KeyIdLength + 1)..];
        await using var db = api.Db();
        var key = await db.ApiKeys.AsNoTracking().SingleAsync();
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret))), key.SecretHash);
        Assert.Equal([ApiScopes.EventsWrite, ApiScopes.PolicyRead], key.ScopeList);

        // Every column of the row, as the database returns it: the hash, never the secret.
        var row = await RowTextAsync(db, "api_keys");
        Assert.DoesNotContain(randomPart, row, StringComparison.Ordinal);
        Assert.DoesNotContain(secret, row, StringComparison.Ordinal);
        var audit = await db.AuditEntries.Where(e => e.Action.StartsWith("api-key.")).OrderBy(e => e.Sequence).ToListAsync();
        Assert.Equal(["api-key.created", "api-key.revoked"], audit.Select(e => e.Action));
        Assert.All(audit, e => Assert.DoesNotContain(randomPart, e.Before + e.After, StringComparison.Ordinal));
        Assert.Contains(key.KeyId, audit[0].After, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task LastUsed_IsWrittenAtMostOnceAMinutePerKey(DatabaseProvider provider)
    {
        await using var api = await ApiHarness.StartAsync(provider);
        var (id, secret) = await api.IssueAsync(api.A);
        using var client = api.Client(secret);
        var path = new Uri($"{V1}{api.A}/retention-policy", UriKind.Relative);

        (await client.GetAsync(path)).Dispose();
        api.Clock.Advance(TimeSpan.FromSeconds(30));
        (await client.GetAsync(path)).Dispose();
        Assert.Equal(ApiHarness.Start, await LastUsedAsync(api, id));

        api.Clock.Advance(TimeSpan.FromSeconds(31));
        (await client.GetAsync(path)).Dispose();
        Assert.Equal(ApiHarness.Start.AddSeconds(61), await LastUsedAsync(api, id));
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task TheRetentionPolicy_IsThePolicyOfTheKeysWorkspacePlan(DatabaseProvider provider)
    {
        await using var api = await ApiHarness.StartAsync(provider);
        using var client = await api.ClientForAsync(api.B, ApiScopes.PolicyRead);

        using var response = await client.GetAsync(new Uri($"{V1}{api.B}/retention-policy", UriKind.Relative));

        var policy = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(("Enterprise", 0, 30), (policy.GetProperty("plan").GetString(), policy.GetProperty("providerRetentionDays").GetInt32(), policy.GetProperty("trashRestoreDays").GetInt32()));
        Assert.Equal(api.B, policy.GetProperty("workspaceId").GetGuid());
    }

    [Fact]
    public async Task TheOpenApiDocument_DescribesEveryApiV1Route_AndNothingElse_WithTheBearerScheme()
    {
        await using var api = await ApiHarness.StartAsync(DatabaseProvider.Sqlite);
        using var client = api.Client(null);

        using var response = await client.GetAsync(new Uri(Api.ProductApi.OpenApiPath, UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var document = await response.Content.ReadFromJsonAsync<JsonElement>();
        var described = document.GetProperty("paths").EnumerateObject()
            .SelectMany(p => p.Value.EnumerateObject().Select(m => $"{m.Name.ToUpperInvariant()} {p.Name}"))
            .Order().ToList();
        var mapped = api.App.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText!.StartsWith(Api.ProductApi.Prefix + "/", StringComparison.Ordinal) && e.RoutePattern.RawText != Api.ProductApi.OpenApiPath)
            .SelectMany(e => e.Metadata.GetMetadata<HttpMethodMetadata>()!.HttpMethods.Select(m => $"{m} {e.RoutePattern.RawText!.Replace(":guid", string.Empty, StringComparison.Ordinal).TrimEnd('/')}"))
            .Order().ToList();
        Assert.Equal(16, mapped.Count);
        Assert.Equal(mapped, described);
        var scheme = document.GetProperty("components").GetProperty("securitySchemes").GetProperty("ApiKey");
        Assert.Equal(("http", "bearer"), (scheme.GetProperty("type").GetString(), scheme.GetProperty("scheme").GetString()));
        Assert.True(document.GetProperty("security")[0].TryGetProperty("ApiKey", out _));
    }

    private static IEnumerable<(string Method, string Path, object? Body)> Endpoints(Guid page) =>
    [
        ("GET", "/retention-policy", null),
        ("GET", "/ai-policy?feature=RunSql", null),
        ("GET", "/dlp-hooks", null),
        ("POST", "/dlp-hooks", new { name = "Partner", url = "https://dlp.partner.example/hooks", events = new[] { "dlp.alert.created" } }),
        ("DELETE", $"/dlp-hooks/{page}", null),
        ("POST", "/prompt-logs", new { items = new[] { Prompt("hello") } }),
        ("POST", "/ai-outputs", new { items = new[] { new { content = "answer" } } }),
        ("POST", "/provider-requests", new { items = new[] { new { provider = "OpenAI", promisedRetentionDays = 0 } } }),
        ("POST", "/pages", new { items = new[] { new { id = Guid.NewGuid(), title = "New page" } } }),
        ("POST", "/embeddings", new { items = new[] { new { pageId = page, vectorStore = "pgvector" } } }),
        ("DELETE", $"/pages/{page}", null),
        ("POST", $"/pages/{page}/restore", null),
        ("DELETE", string.Empty, null),
        ("POST", "/restore", null),
    ];

    private static IEnumerable<(string Method, Func<Guid, string> Path, Func<Guid, object?> Body)> PageUses(Guid _) =>
    [
        ("DELETE", p => $"/pages/{p}", _ => null),
        ("POST", p => $"/pages/{p}/restore", _ => null),
        ("POST", _ => "/embeddings", p => new { items = new[] { new { pageId = p, vectorStore = "pgvector" } } }),
        ("POST", _ => "/ai-outputs", p => new { items = new[] { new { pageId = p, content = "answer" } } }),
    ];

    private static object Prompt(string content) => new { userObjectId = Guid.Parse("7d0e5c8e-3f8a-4a57-9d8b-2b1f6c0a9e11"), content };

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    private static async Task<(HttpStatusCode Status, string Body)> SendAsync(HttpClient client, string method, string path, object? body)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), path) { Content = body is null ? null : JsonContent.Create(body) };
        using var response = await client.SendAsync(request);
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    private static async Task<(HttpStatusCode Status, string Body, bool Replayed)> PostIdempotentAsync(HttpClient client, string path, object body, string key)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = JsonContent.Create(body) };
        request.Headers.Add(ApiWrites.IdempotencyHeader, key);
        using var response = await client.SendAsync(request);
        return (response.StatusCode, await response.Content.ReadAsStringAsync(), response.Headers.Contains(ApiWrites.ReplayedHeader));
    }

    private static string WithoutTraceId(string body) => System.Text.RegularExpressions.Regex.Replace(body, "\"traceId\":\"[^\"]*\"", string.Empty);

    private static async Task<JsonElement> AssertProblemAsync(HttpResponseMessage response, HttpStatusCode status, string title)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"expected {(int)status}, got {(int)response.StatusCode}: {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(text).RootElement;
        Assert.Equal(title, problem.GetProperty("title").GetString());
        Assert.Equal((int)status, problem.GetProperty("status").GetInt32());
        return problem;
    }

    private static async Task<JsonElement> AssertCreatedAsync(HttpResponseMessage response)
    {
        using (response)
        {
            var text = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == HttpStatusCode.Created, $"{(int)response.StatusCode}: {text}");
            return JsonDocument.Parse(text).RootElement.Clone();
        }
    }

    private static async Task<DateTimeOffset?> LastUsedAsync(ApiHarness api, Guid id)
    {
        await using var db = api.Db();
        return await db.ApiKeys.Where(k => k.Id == id).Select(k => k.LastUsedAt).SingleAsync();
    }

    private static async Task<string> RowTextAsync(ConsoleDbContext db, string table)
    {
        var connection = db.Database.GetDbConnection();
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT * FROM {table}";
        await using var reader = await command.ExecuteReaderAsync();
        var text = new StringBuilder();
        while (await reader.ReadAsync())
        {
            for (var i = 0; i < reader.FieldCount; i++)
                text.Append(reader.GetValue(i)).Append('|');
        }

        return text.ToString();
    }

    /// <summary>A body sent chunked, without Content-Length.</summary>
    private sealed class UnknownLengthContent(byte[] bytes) : HttpContent
    {
        protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) => stream.WriteAsync(bytes).AsTask();

        protected override bool TryComputeLength(out long length)
        {
            length = -1;
            return false;
        }
    }
}
