using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using AdminConsole.Domain.Commands;
using AdminConsole.Domain.Model.AiSettings;
using AdminConsole.Domain.Model.Api;
using AdminConsole.Domain.Model.Common;
using AdminConsole.Domain.Model.Subprocessors;
using AdminConsole.Domain.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace AdminConsole.Web.Tests;

/// <summary>The effective-policy API's refusals of bad questions, and the settings saves it depends on, on both databases.</summary>
public class AiPolicyApiTests
{
    private const string V1 = "/api/v1/workspaces/";

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task BadQuestions_Are400ProblemsNamingEachParameter(DatabaseProvider provider)
    {
        await using var api = await ApiHarness.StartAsync(provider);
        using var client = await api.ClientForAsync(api.A, ApiScopes.PolicyRead);

        var malformed = await ProblemAsync(client, $"{V1}{api.A}/ai-policy?feature=Teleport&user=not-a-guid&team=0000");
        Assert.Equal(
            "'Teleport' is not an AI feature; choose one of WorkspaceSearch, WebSearch, ConnectedApps, RunSql.",
            malformed.GetProperty("errors").GetProperty("feature")[0].GetString());
        Assert.Equal("The user is a member's Entra ID object id (a GUID).", malformed.GetProperty("errors").GetProperty("user")[0].GetString());
        Assert.Equal("The team is a team id (a GUID).", malformed.GetProperty("errors").GetProperty("team")[0].GetString());

        // Well-formed, but nothing of this workspace.
        var unknown = await ProblemAsync(client, $"{V1}{api.A}/ai-policy?feature=run-sql&user={Guid.NewGuid()}&team={Guid.NewGuid()}&integration=Warehouse");
        var errors = unknown.GetProperty("errors");
        Assert.Equal("No member of this workspace has this object id; add the user to the workspace first.", errors.GetProperty("user")[0].GetString());
        Assert.Equal("This workspace has no team with this id.", errors.GetProperty("team")[0].GetString());
        Assert.Equal("This workspace has no integration named 'Warehouse'.", errors.GetProperty("integration")[0].GetString());

        // A plain question about a workspace that never saved its settings: denied, AI is off by default.
        using var plain = await client.GetAsync(new Uri($"{V1}{api.A}/ai-policy?feature=WebSearch", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, plain.StatusCode);
        var answer = await plain.Content.ReadFromJsonAsync<JsonElement>();
        Assert.False(answer.GetProperty("allowed").GetBoolean());
        Assert.Equal(
            new[] { AiPolicyCodes.AiDisabled, AiPolicyCodes.ProviderNotChosen, AiPolicyCodes.FeatureOff },
            answer.GetProperty("reasons").EnumerateArray().Select(r => r.GetProperty("code").GetString() ?? string.Empty).ToArray());
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task RefusedSaves_LeaveNoSettingsVersionOrAuditEntry_AndASaveIsSeenByTheApiAtOnce(DatabaseProvider provider)
    {
        await using var api = await ApiHarness.StartAsync(provider);
        var zero = Authorized("Anthropic PBC", zeroRetention: true);
        var keeps = Authorized("Cohere Inc.", zeroRetention: false);
        var retired = Authorized("Legacy LLM Ltd", zeroRetention: true);
        retired.Retire(ApiHarness.Start.AddDays(-1));
        var upcoming = Proposed("Upcoming AI Inc");
        await using (var db = api.Db())
        {
            db.Subprocessors.AddRange(zero, keeps, retired, upcoming);
            await db.SaveChangesAsync();
        }

        var commands = api.App.Services.GetRequiredService<AiSettingsCommands>();
        using var client = await api.ClientForAsync(api.A, ApiScopes.PolicyRead);
        var before = await RowsAsync(api);
        var refusals = new (Guid Workspace, AiSettingsChange Change, string Field, string Message)[]
        {
            (api.A, Change(retired.Id), nameof(WorkspaceAiSettings.ProviderId), "Legacy LLM Ltd is retired and may no longer process customer data; choose an authorized LLM provider."),
            (api.A, Change(upcoming.Id), nameof(WorkspaceAiSettings.ProviderId), "Upcoming AI Inc is not authorized yet (it is NoticePeriod); only authorized subprocessors may process a workspace's data."),
            (api.A, Change(Guid.NewGuid()), nameof(WorkspaceAiSettings.ProviderId), "The chosen LLM provider is not in the subprocessor registry."),
            (api.A, Change(zero.Id, hipaa: true), nameof(WorkspaceAiSettings.HipaaMode), "HIPAA mode needs the Enterprise plan; this workspace is on Business."),
            (api.B, Change(keeps.Id), nameof(WorkspaceAiSettings.ProviderId), "Cohere Inc. is not zero-retention capable: Enterprise workspaces use only LLM providers that keep nothing of their requests."),
            (api.B, Change(zero.Id, hipaa: true, sharing: true), nameof(WorkspaceAiSettings.DataSharing), "Data sharing for model improvement is never allowed in HIPAA mode: turn it off, or turn HIPAA mode off."),
        };
        foreach (var (workspace, change, field, message) in refusals)
        {
            var refused = await Assert.ThrowsAsync<DomainRuleException>(() => commands.UpdateAsync(ApiHarness.Seed, workspace, change));
            Assert.Equal((field, message), (refused.Field, refused.Message));
        }

        Assert.Equal(before, await RowsAsync(api));
        var stillOff = await AnswerAsync(client, $"{V1}{api.A}/ai-policy?feature=WorkspaceSearch");
        Assert.False(stillOff.GetProperty("allowed").GetBoolean());

        // An accepted save: one settings row, one version, one audit entry with before and after, and the next answer.
        Assert.Equal(1, await commands.UpdateAsync(ApiHarness.Seed, api.A, Change(zero.Id)));
        var after = await RowsAsync(api);
        Assert.Equal((before.Settings + 1, before.Versions + 1, before.Audit + 1), (after.Settings, after.Versions, after.Audit));
        await using (var db = api.Db())
        {
            var entry = await db.AuditEntries.Where(e => e.Action == AiSettingsCommands.Updated).SingleAsync();
            Assert.Contains("\"AiEnabled\":false", entry.Before, StringComparison.Ordinal);
            Assert.Contains("\"AiEnabled\":true", entry.After, StringComparison.Ordinal);
            Assert.Contains("Anthropic PBC", entry.After, StringComparison.Ordinal);
            Assert.Equal(api.A, entry.WorkspaceId);
        }

        var allowed = await AnswerAsync(client, $"{V1}{api.A}/ai-policy?feature=WorkspaceSearch");
        Assert.True(allowed.GetProperty("allowed").GetBoolean(), allowed.ToString());
        Assert.Equal("Anthropic PBC", allowed.GetProperty("provider").GetProperty("name").GetString());
        Assert.Equal(1, allowed.GetProperty("settingsVersion").GetInt32());

        // The same change again is no change: no version, no entry.
        Assert.Equal(1, await commands.UpdateAsync(ApiHarness.Seed, api.A, Change(zero.Id)));
        Assert.Equal(after, await RowsAsync(api));
    }

    private static AiSettingsChange Change(Guid provider, bool hipaa = false, bool sharing = false) =>
        new(true, provider, AiDataMode.MetadataOnly, new HashSet<AiFeature> { AiFeature.WorkspaceSearch }, true, false, sharing, hipaa);

    private static async Task<(int Settings, int Versions, int Audit)> RowsAsync(ApiHarness api)
    {
        await using var db = api.Db();
        return (await db.AiSettings.CountAsync(), await db.AiSettingsVersions.CountAsync(), await db.AuditEntries.CountAsync(e => e.Action.StartsWith("ai-")));
    }

    private static async Task<JsonElement> ProblemAsync(HttpClient client, string path)
    {
        using var response = await client.GetAsync(new Uri(path, UriKind.Relative));
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{(int)response.StatusCode}: {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    private static async Task<JsonElement> AnswerAsync(HttpClient client, string path)
    {
        using var response = await client.GetAsync(new Uri(path, UriKind.Relative));
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode}: {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    private static Subprocessor Proposed(string name)
    {
        var proposedAt = ApiHarness.Start.AddDays(-5);
        var subprocessor = Subprocessor.Propose(
            new SubprocessorDetails(name, "LLM inference", ProcessingCategory.Llm, ["Prompts"], ["US"], [], "DPA-1", true, 0, RiskTier.High, null), proposedAt);
        subprocessor.PublishNotice(proposedAt, proposedAt + Subprocessor.DefaultNoticePeriod, Subprocessor.DefaultNoticePeriod);
        return subprocessor;
    }

    private static Subprocessor Authorized(string name, bool zeroRetention)
    {
        var authorizedAt = ApiHarness.Start.AddDays(-10);
        var proposedAt = authorizedAt - Subprocessor.DefaultNoticePeriod;
        var subprocessor = Subprocessor.Propose(
            new SubprocessorDetails(name, "LLM inference", ProcessingCategory.Llm, ["Prompts"], ["US"], [], "DPA-1", zeroRetention, zeroRetention ? 0 : 30, RiskTier.High, null),
            proposedAt);
        subprocessor.PublishNotice(proposedAt, authorizedAt, Subprocessor.DefaultNoticePeriod);
        subprocessor.Authorize(authorizedAt);
        return subprocessor;
    }
}
