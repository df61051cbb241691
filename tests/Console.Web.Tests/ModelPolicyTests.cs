using System.Net.Http.Json;
using System.Text.Json;
using AdminConsole.Domain.Access;
using AdminConsole.Domain.Commands;
using AdminConsole.Domain.Model.Access;
using AdminConsole.Domain.Model.AiModels;
using AdminConsole.Domain.Model.AiSettings;
using AdminConsole.Domain.Model.Api;
using AdminConsole.Domain.Model.Audit;
using AdminConsole.Domain.Model.Subprocessors;
using AdminConsole.Domain.Persistence;
using AdminConsole.Domain.UseCases;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace AdminConsole.Web.Tests;

/// <summary>
/// A workspace's models through the whole app: the policy API names the model for the feature asked (its own, else the
/// fallback); a retired model is replaced by the fallback with a settings version and an audit entry, and the policy
/// answers the fallback at once; a model not in production cannot be chosen.
/// </summary>
public class ModelPolicyTests
{
    private static readonly AuditActor Peter = new("peter", "Peter Proposer", ConsoleRoles.ComplianceOfficer, null);
    private static readonly AuditActor Olga = new("olga", "Olga Officer", ConsoleRoles.ComplianceOfficer, null);

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task ThePolicyNamesTheModel_AndARetiredOneFallsBack_WithAnAuditEntry(DatabaseProvider provider)
    {
        await using var api = await ApiHarness.StartAsync(provider);
        var anthropic = await AuthorizedProviderAsync(api);
        var models = api.App.Services.GetRequiredService<ModelCommands>();
        var sonnet = await ServingAsync(models, anthropic, "4.5", AiFeature.WorkspaceSearch, AiFeature.RunSql);
        var haiku = await ServingAsync(models, anthropic, "haiku-4", AiFeature.WorkspaceSearch);
        var approvedOnly = await ApprovedAsync(models, anthropic, "5", AiFeature.WorkspaceSearch);

        var settings = api.App.Services.GetRequiredService<AiSettingsCommands>();
        await settings.UpdateAsync(ApiHarness.Seed, api.A, new AiSettingsChange(true, anthropic, AiDataMode.Content, new HashSet<AiFeature> { AiFeature.WorkspaceSearch, AiFeature.WebSearch }, true, false, false, false));
        var admin = new CurrentUser(Guid.NewGuid(), "Ada", new HashSet<string> { ConsoleRoles.Admin }, null);
        var useCases = api.App.Services.GetRequiredService<AiSettingsUseCases>();

        var notServing = await useCases.ChooseModelsAsync(admin, api.A, new Dictionary<AiFeature, Guid?> { [AiFeature.WorkspaceSearch] = approvedOnly }, null);
        Assert.Equal((OutcomeKind.Refused, "WorkspaceSearchModelId"), (notServing.Kind, notServing.Field));
        Assert.Contains("not in production", notServing.Message, StringComparison.Ordinal);

        Assert.True((await useCases.ChooseModelsAsync(admin, api.A, new Dictionary<AiFeature, Guid?> { [AiFeature.WorkspaceSearch] = sonnet }, haiku)).Succeeded);
        using var client = await api.ClientForAsync(api.A, ApiScopes.PolicyRead);
        Assert.Equal(("Claude Sonnet", "4.5"), await ModelAsync(client, api.A, "WorkspaceSearch"));
        Assert.Equal(("Claude Sonnet", "haiku-4"), await ModelAsync(client, api.A, "WebSearch"));

        var officer = new CurrentUser(Guid.NewGuid(), "Otto", new HashSet<string> { ConsoleRoles.ComplianceOfficer }, null);
        Assert.True((await api.App.Services.GetRequiredService<ModelUseCases>().RetireAsync(officer, sonnet)).Succeeded);

        Assert.Equal(("Claude Sonnet", "haiku-4"), await ModelAsync(client, api.A, "WorkspaceSearch"));
        await using (var db = api.Db())
        {
            var fallback = await db.AuditEntries.SingleAsync(e => e.Action == AiSettingsCommands.ModelFallback);
            Assert.Equal(api.A, fallback.WorkspaceId);
            Assert.Equal("Otto", fallback.ActorName);
            var stored = await db.AiSettings.SingleAsync(s => s.WorkspaceId == api.A);
            Assert.Equal((haiku, haiku), (stored.WorkspaceSearchModelId, stored.FallbackModelId));
            var version = await db.AiSettingsVersions.Where(v => v.WorkspaceId == api.A).OrderByDescending(v => v.Version).FirstAsync();
            Assert.Equal(AiSettingsCommands.ModelFallback, version.Action);
            Assert.Contains("haiku-4", version.Snapshot, StringComparison.Ordinal);
        }

        // Workspace B never chose the model: untouched.
        await using (var db = api.Db())
            Assert.False(await db.AiSettings.AnyAsync(s => s.WorkspaceId == api.B));
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task TheRegister_FiltersByProvider_AndOffersTheProvidersThatHaveModels_EachWithItsLatestEvaluation(DatabaseProvider provider)
    {
        await using var api = await ApiHarness.StartAsync(provider);
        var anthropic = await AuthorizedProviderAsync(api);
        var models = api.App.Services.GetRequiredService<ModelCommands>();
        var sonnet = await ServingAsync(models, anthropic, "4.5", AiFeature.WorkspaceSearch);
        await models.ProposeAsync(Peter, new ModelProposal("Claude Opus", "5", anthropic, AiModelPurpose.Chat, [], "US", true, null, false));
        var openAi = await AuthorizedProviderAsync(api, "OpenAI, L.L.C.");
        await models.ProposeAsync(Peter, new ModelProposal("GPT-4.1", "2025-04-14", openAi, AiModelPurpose.Chat, [], "US", true, null, false));
        var auditor = new CurrentUser(Guid.NewGuid(), "Arthur", new HashSet<string> { ConsoleRoles.Auditor }, null);
        var register = api.App.Services.GetRequiredService<ModelUseCases>();

        var all = (await register.ListAsync(auditor, null, null, null, 0, 25)).Value;
        Assert.Equal(3, all.Total);
        Assert.Equal(["Anthropic PBC", "OpenAI, L.L.C."], all.Providers.Select(p => p.Name));
        var ofAnthropic = (await register.ListAsync(auditor, null, null, anthropic, 0, 25)).Value;
        Assert.Equal(["Claude Opus 5", "Claude Sonnet 4.5"], ofAnthropic.Items.Select(m => $"{m.Name} {m.Version}"));
        var serving = (await register.ListAsync(auditor, "claude", AiModelStage.InProduction, anthropic, 0, 25)).Value;
        Assert.Equal("4.5", Assert.Single(serving.Items).Version);
        Assert.True(serving.Items[0].LastPassed);
        Assert.Null(ofAnthropic.Items.Single(m => m.Name == "Claude Opus").LastPassed);

        // A later evaluation that fails is the one the list shows.
        api.Clock.Advance(TimeSpan.FromHours(1));
        await models.RecordEvaluationAsync(Peter, sonnet, new EvaluationInput("Nightly suite", api.Clock.GetUtcNow(), [("answer accuracy", 0.5, 0.9, MetricDirection.AtLeast)]),
            ModelEvidence.Read("nightly.csv", "metric,value\naccuracy,0.5\n"u8.ToArray()));
        var after = (await register.ListAsync(auditor, null, AiModelStage.InProduction, anthropic, 0, 25)).Value;
        Assert.Equal((false, api.Clock.GetUtcNow()), (after.Items[0].LastPassed, after.Items[0].LastEvaluatedAt));
    }

    private static async Task<(string? Name, string? Version)> ModelAsync(HttpClient client, Guid workspace, string feature)
    {
        var answer = await client.GetFromJsonAsync<JsonElement>(new Uri($"/api/v1/workspaces/{workspace}/ai-policy?feature={feature}", UriKind.Relative));
        Assert.True(answer.GetProperty("allowed").GetBoolean(), answer.ToString());
        var model = answer.GetProperty("model");
        return (model.GetProperty("name").GetString(), model.GetProperty("version").GetString());
    }

    internal static async Task<Guid> AuthorizedProviderAsync(ApiHarness api, string name = "Anthropic PBC")
    {
        var start = ApiHarness.Start;
        var provider = Subprocessor.Propose(
            new SubprocessorDetails(name, "LLM inference", ProcessingCategory.Llm, ["Prompts"], ["US"], [], "DPA-7", true, 0, RiskTier.High, null), start.AddDays(-40));
        provider.PublishNotice(start.AddDays(-40), start.AddDays(-5), Subprocessor.DefaultNoticePeriod);
        provider.Authorize(start.AddDays(-5));
        await using var db = api.Db();
        db.Subprocessors.Add(provider);
        await db.SaveChangesAsync();
        return provider.Id;
    }

    private static async Task<Guid> ApprovedAsync(ModelCommands models, Guid provider, string version, params AiFeature[] features)
    {
        var id = await models.ProposeAsync(Peter, new ModelProposal("Claude Sonnet", version, provider, AiModelPurpose.Chat, features, "US", true, null, false));
        await models.RecordEvaluationAsync(Peter, id, new EvaluationInput("Release suite", ApiHarness.Start.AddHours(-1), [("answer accuracy", 0.95, 0.9, MetricDirection.AtLeast)]),
            ModelEvidence.Read("suite.csv", "metric,value\naccuracy,0.95\n"u8.ToArray()));
        await models.ApproveAsync(Olga, id);
        return id;
    }

    private static async Task<Guid> ServingAsync(ModelCommands models, Guid provider, string version, params AiFeature[] features)
    {
        var id = await ApprovedAsync(models, provider, version, features);
        await models.PutInProductionAsync(Olga, id);
        return id;
    }
}
