using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using AdminConsole.Domain.Access;
using AdminConsole.Domain.Commands;
using AdminConsole.Domain.Model.Access;
using AdminConsole.Domain.Model.AiModels;
using AdminConsole.Domain.Model.AiSettings;
using AdminConsole.Domain.Model.Api;
using AdminConsole.Domain.Model.Subprocessors;
using AdminConsole.Domain.Persistence;
using AdminConsole.Domain.UseCases;
using AdminConsole.Web.Api;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace AdminConsole.Web.Tests;

/// <summary>
/// <c>POST /api/v1/model-evaluations</c> through the whole app on SQLite and PostgreSQL: an evaluation with its evidence
/// recorded under a <c>models:evaluate</c> key, replayed under its Idempotency-Key, and bad input refused naming the
/// field with nothing saved.
/// </summary>
public class ModelApiTests
{
    private const string Path = "/api/v1/model-evaluations";
    private static readonly byte[] EvidenceJson = Encoding.UTF8.GetBytes("{\"suite\":\"release\",\"answer_accuracy\":0.94,\"leakage\":0}");

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task AnEvaluation_IsRecordedWithTheHashOfItsEvidence_AndItsIdempotencyKeyReplaysIt(DatabaseProvider provider)
    {
        await using var api = await ApiHarness.StartAsync(provider);
        var model = await ProposeModelAsync(api);
        using var ci = await api.ClientForAsync(api.A, ApiScopes.ModelsEvaluate);
        var body = Body(model, EvidenceJson, ("answer accuracy", 0.94, 0.9, "atLeast"), ("cross-workspace leakage", 0, 0, "atMost"));

        var first = await PostAsync(ci, body, "eval-0001");
        var again = await PostAsync(ci, body, "eval-0001");

        Assert.True(first.Status == HttpStatusCode.Created, first.Body);
        var answer = JsonDocument.Parse(first.Body).RootElement;
        Assert.True(answer.GetProperty("passed").GetBoolean());
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(EvidenceJson)), answer.GetProperty("evidenceSha256").GetString());
        Assert.Equal("Evaluating", answer.GetProperty("modelStage").GetString());
        Assert.Equal((first.Status, first.Body), (again.Status, again.Body));
        Assert.True(again.Replayed);

        await using (var db = api.Db())
        {
            var evaluation = await db.ModelEvaluations.SingleAsync();
            Assert.StartsWith("api-key:", evaluation.RunById, StringComparison.Ordinal);
            Assert.Equal(EvidenceJson, (await db.ModelEvidence.SingleAsync()).Content);
            Assert.Equal(1, await db.AuditEntries.CountAsync(e => e.Action == "model.evaluated"));
        }

        // Another body under the same key is refused; a failing evaluation is recorded as failed, with its reasons.
        var other = await PostAsync(ci, Body(model, EvidenceJson, ("answer accuracy", 0.5, 0.9, "atLeast")), "eval-0001");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, other.Status);
        var failed = await PostAsync(ci, Body(model, EvidenceJson, ("answer accuracy", 0.5, 0.9, "atLeast")), "eval-0002");
        var failedAnswer = JsonDocument.Parse(failed.Body).RootElement;
        Assert.False(failedAnswer.GetProperty("passed").GetBoolean());
        Assert.Equal("answer accuracy 0.5 (at least 0.9): failed", failedAnswer.GetProperty("failures")[0].GetString());
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task BadInput_IsAProblemNamingTheField_AndNothingIsSaved(DatabaseProvider provider)
    {
        await using var api = await ApiHarness.StartAsync(provider);
        var model = await ProposeModelAsync(api);
        using var ci = await api.ClientForAsync(api.A, ApiScopes.ModelsEvaluate);
        var before = await CountsAsync(api);

        await AssertFieldAsync(ci, Body(Guid.NewGuid(), EvidenceJson, ("accuracy", 0.94, 0.9, "atLeast")), "modelId", "There is no such model in the register.");
        await AssertFieldAsync(ci, Body(model, EvidenceJson, ("accuracy", 0.94, 0.9, "atLeast"), ("latency p95 ms", 800, null, "atMost")),
            "metrics[1].threshold", "Metric 'latency p95 ms' has no threshold: every metric is held to one.");
        await AssertFieldAsync(ci, Body(model, EvidenceJson, ("accuracy", 0.94, 0.9, "sideways")), "metrics[0].direction", "Say whether the value must be atLeast or atMost the threshold.");
        var tooBig = Encoding.UTF8.GetBytes("metric,value\n" + new string('x', ModelEvidence.MaxBytes));
        await AssertFieldAsync(ci, Body(model, tooBig, "evidence.csv", null, ("accuracy", 0.94, 0.9, "atLeast")), "evidence", "at most 1024 KiB is kept");
        await AssertFieldAsync(ci, Body(model, EvidenceJson, "evidence.json", new string('0', 64), ("accuracy", 0.94, 0.9, "atLeast")), "evidence.sha256", "the file changed on its way");
        await AssertFieldAsync(ci, Body(model, EvidenceJson, "evidence.pdf", null, ("accuracy", 0.94, 0.9, "atLeast")), "evidence", "neither a .csv nor a .json");

        // Beyond the body's limit: 413 before the body is read in full.
        var huge = Encoding.UTF8.GetBytes(new string('x', ModelApi.MaxBodyBytes));
        var overLimit = await PostAsync(ci, Body(model, huge, "evidence.csv", null, ("accuracy", 0.94, 0.9, "atLeast")), "eval-huge");
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, overLimit.Status);

        Assert.Equal(before, await CountsAsync(api));
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    public async Task OnlyAKeyScopedModelsEvaluate_Posts_AndOnlyConsoleAdministratorsIssueOne(DatabaseProvider provider)
    {
        await using var api = await ApiHarness.StartAsync(provider);
        var model = await ProposeModelAsync(api);
        using var events = await api.ClientForAsync(api.A, ApiScopes.EventsWrite, ApiScopes.PolicyRead, ApiScopes.HooksManage, ApiScopes.LifecycleWrite);
        var refused = await PostAsync(events, Body(model, EvidenceJson, ("accuracy", 0.94, 0.9, "atLeast")), "eval-scope");
        Assert.Equal(HttpStatusCode.Forbidden, refused.Status);
        Assert.Equal(0, (await CountsAsync(api)).Evaluations);

        // A workspace admin issues keys for their workspace, but not one that writes to the console's register.
        var keys = api.App.Services.GetRequiredService<ApiKeyUseCases>();
        var wanda = new CurrentUser(Guid.NewGuid(), "Wanda", new HashSet<string> { ConsoleRoles.WorkspaceAdmin }, null);
        var byWanda = await keys.IssueAsync(wanda, api.A, "CI", [ApiScopes.ModelsEvaluate]);
        Assert.Equal((OutcomeKind.Refused, "Scopes"), (byWanda.Kind, byWanda.Field));
        var ada = new CurrentUser(Guid.NewGuid(), "Ada", new HashSet<string> { ConsoleRoles.Admin }, null);
        Assert.True((await keys.IssueAsync(ada, api.A, "CI", [ApiScopes.ModelsEvaluate])).Succeeded);
    }

    /// <summary>An authorized LLM provider and a model proposed on it.</summary>
    private static async Task<Guid> ProposeModelAsync(ApiHarness api)
    {
        var provider = await ModelPolicyTests.AuthorizedProviderAsync(api);
        return await api.App.Services.GetRequiredService<ModelCommands>().ProposeAsync(
            ApiHarness.Seed, new ModelProposal("Claude Sonnet", "4.5", provider, AiModelPurpose.Chat, [AiFeature.WorkspaceSearch], "US", true, null, false));
    }

    private static object Body(Guid model, byte[] evidence, params (string Name, double Value, double? Threshold, string Direction)[] metrics) =>
        Body(model, evidence, "evidence.json", null, metrics);

    private static object Body(Guid model, byte[] evidence, string fileName, string? sha256, params (string Name, double Value, double? Threshold, string Direction)[] metrics) => new
    {
        modelId = model,
        suite = "Release suite 12",
        runAt = ApiHarness.Start.AddHours(-1),
        metrics = metrics.Select(m => new { name = m.Name, value = m.Value, threshold = m.Threshold, direction = m.Direction }),
        evidence = new { fileName, contentBase64 = Convert.ToBase64String(evidence), sha256 },
    };

    private static async Task AssertFieldAsync(HttpClient client, object body, string field, string message)
    {
        var (status, text, _) = await PostAsync(client, body, "bad-" + Guid.NewGuid().ToString("N"));
        Assert.True(status == HttpStatusCode.BadRequest, $"{field}: {(int)status} {text}");
        var errors = JsonDocument.Parse(text).RootElement.GetProperty("errors");
        Assert.True(errors.TryGetProperty(field, out var messages), $"expected an error for {field}: {text}");
        Assert.Contains(message, messages[0].GetString(), StringComparison.Ordinal);
    }

    private static async Task<(HttpStatusCode Status, string Body, bool Replayed)> PostAsync(HttpClient client, object body, string key)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, Path) { Content = JsonContent.Create(body) };
        request.Headers.Add(ApiWrites.IdempotencyHeader, key);
        using var response = await client.SendAsync(request);
        return (response.StatusCode, await response.Content.ReadAsStringAsync(), response.Headers.Contains(ApiWrites.ReplayedHeader));
    }

    private static async Task<(int Evaluations, int Evidence, int Idempotency, int Audit, string Stage)> CountsAsync(ApiHarness api)
    {
        await using var db = api.Db();
        return (await db.ModelEvaluations.CountAsync(), await db.ModelEvidence.CountAsync(), await db.IdempotencyRecords.CountAsync(),
            await db.AuditEntries.CountAsync(), (await db.AiModels.SingleAsync()).Stage.ToString());
    }
}
