using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using AdminConsole.Domain.Commands;
using AdminConsole.Domain.Model.Dlp;
using AdminConsole.Domain.Persistence;
using AdminConsole.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace AdminConsole.Web.Tests;

/// <summary>Every prompt and AI output the AI product reports is scanned by its workspace's detectors, in the same write.</summary>
public sealed class DlpIngestionTests
{
    private const string V1 = "/api/v1/workspaces/";
    private const string Card = "4111 1111 1111 1111";
    private const string AwsKey = "AKIAIOSFODNN7EXAMPLE";
    private static readonly Guid User = Guid.Parse("7d0e5c8e-3f8a-4a57-9d8b-2b1f6c0a9e11");

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task APromptWithACardAndAKey_RaisesTwoAlerts_WithRedactedExcerptsOnly(DatabaseProvider provider)
    {
        await using var api = await ApiHarness.StartAsync(provider);
        using var client = await api.ClientForAsync(api.A);
        var prompt = $"Charge my card {Card} and deploy with {AwsKey} please";

        using var response = await client.PostAsJsonAsync($"{V1}{api.A}/prompt-logs", new { items = new[] { new { userObjectId = User, content = prompt }, new { userObjectId = User, content = "nothing to see" } } });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var answer = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(2, answer.GetProperty("dlpAlerts").GetInt32());
        var promptId = answer.GetProperty("ids")[0].GetInt64();
        await using var db = api.Db();
        var kept = await db.PromptLogs.AsNoTracking().Where(p => p.Id == promptId).Select(p => p.Content).SingleAsync();
        Assert.Equal("Charge my card 4111 **** **** 1111 and deploy with AKIA**************** please", kept);
        var alerts = await db.DlpAlerts.AsNoTracking().OrderBy(a => a.Position).ToListAsync();
        Assert.Collection(
            alerts,
            a =>
            {
                Assert.Equal((DlpDetectors.PaymentCard, DlpSeverity.High, DlpSource.Prompt), (a.DetectorId, a.Severity, a.Source));
                Assert.Equal("4111 **** **** 1111", a.Excerpt);
                Assert.Equal(a.Excerpt, kept.Substring(a.Position, a.Length));
            },
            a =>
            {
                Assert.Equal((DlpDetectors.AwsAccessKey, DlpSeverity.Critical), (a.DetectorId, a.Severity));
                Assert.DoesNotContain(AwsKey, a.Excerpt, StringComparison.Ordinal);
            });
        Assert.All(alerts, a => Assert.Equal((api.A, User, promptId, DlpAlertStatus.Open), (a.WorkspaceId, a.UserObjectId, a.SourceId, a.Status)));
    }

    /// <summary>
    /// The attacker is whoever reads the database — a dump, a backup, the SQLite file: after the AI product reported
    /// content holding every detector's example, none of the matched values is anywhere in it.
    /// </summary>
    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task EveryDetectorsExample_ReportedAsPromptAndOutput_IsNowhereInADumpOfTheDatabase(DatabaseProvider provider)
    {
        await using var api = await ApiHarness.StartAsync(provider);
        var dlp = api.App.Services.GetRequiredService<DlpCommands>();
        await dlp.AddCustomDetectorAsync(ApiHarness.Seed, api.A, "Project code names", "BLUEBIRD-[0-9]+", DlpSeverity.Medium, "about BLUEBIRD-7");
        using var client = await api.ClientForAsync(api.A);
        string[] secrets =
        [
            "4111111111111111", "5500-0000-0000-0004", "123-45-6789", "DE89370400440532013000", "john.doe@example.com", "(415) 555-2671",
            AwsKey, "ghp_aBcDeFgHiJkLmNoPqRsTuVwXyZ0123456789", "sk_test_4eC39HqLyjWDarjtT1zdp7dc", "sk-proj-abc123DEF456ghi789JKL012mno",
            "MIIBOgIBAAJBAKj34GkxFhD90vcNLYLInFEX6Ppy1tPf9Cnzj4p4WGeKLs1Pt8Qu",
            "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c",
            "BLUEBIRD-42",
        ];
        string Text(string secret) => secret.StartsWith("MII", StringComparison.Ordinal)
            ? $"my key:\n-----BEGIN RSA PRIVATE KEY-----\n{secret}\n-----END RSA PRIVATE KEY-----\nthanks"
            : $"please look at {secret} today";

        using var prompts = await client.PostAsJsonAsync($"{V1}{api.A}/prompt-logs", new { items = secrets.Select(x => new { userObjectId = User, content = Text(x) }) });
        using var outputs = await client.PostAsJsonAsync($"{V1}{api.A}/ai-outputs", new { items = secrets.Select(x => new { content = Text(x) }) });

        Assert.Equal(HttpStatusCode.Created, prompts.StatusCode);
        Assert.Equal(HttpStatusCode.Created, outputs.StatusCode);
        Assert.Equal(secrets.Length, (await prompts.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("dlpAlerts").GetInt32());
        Assert.Equal(secrets.Length, (await outputs.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("dlpAlerts").GetInt32());
        await using (var db = api.Db())
            Assert.Contains("please look at 4111 **** **** 1111 today", await db.PromptLogs.AsNoTracking().Select(p => p.Content).ToListAsync());

        var dump = await DatabaseDump.ReadAsync(api.Database);
        Assert.Contains("please look at", dump, StringComparison.Ordinal);
        foreach (var secret in secrets)
            Assert.DoesNotContain(secret, dump, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task ADetectorTurnedOffAndACustomOne_ApplyFromTheNextReport(DatabaseProvider provider)
    {
        await using var api = await ApiHarness.StartAsync(provider);
        using var client = await api.ClientForAsync(api.A);
        var dlp = api.App.Services.GetRequiredService<DlpCommands>();
        var output = $"Project BLUEBIRD-42 costs were paid with {Card}.";

        Assert.Equal(1, await AlertsOfAsync(client, api.A, output));

        Assert.True(await dlp.TurnDetectorAsync(ApiHarness.Seed, api.A, DlpDetectors.PaymentCard, on: false));
        await dlp.AddCustomDetectorAsync(ApiHarness.Seed, api.A, "Project code names", "BLUEBIRD-[0-9]+", DlpSeverity.Medium, "about BLUEBIRD-7");

        Assert.Equal(1, await AlertsOfAsync(client, api.A, output));
        await using var db = api.Db();
        var latest = await db.DlpAlerts.AsNoTracking().Where(a => a.DetectorId != DlpDetectors.PaymentCard).SingleAsync();
        Assert.Equal(("custom:Project code names", "Project code names", DlpSeverity.Medium, DlpSource.AiOutput), (latest.DetectorId, latest.DetectorName, latest.Severity, latest.Source));
        Assert.DoesNotContain("BLUEBIRD-42", latest.Excerpt, StringComparison.Ordinal);

        // Workspace B keeps its own detectors: the card is still found there.
        using var other = await api.ClientForAsync(api.B);
        Assert.Equal(1, await AlertsOfAsync(other, api.B, output));
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task ARefusedBatch_KeepsNeitherItsContentNorAlerts(DatabaseProvider provider)
    {
        await using var api = await ApiHarness.StartAsync(provider);
        using var client = await api.ClientForAsync(api.A);

        // The second item lacks its user: the whole batch is refused, the card of the first is not kept as an alert either.
        using var response = await client.PostAsJsonAsync($"{V1}{api.A}/prompt-logs", new { items = new object[] { new { userObjectId = User, content = $"card {Card}" }, new { content = $"card {Card}" } } });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.DoesNotContain(Card, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        await using var db = api.Db();
        Assert.Equal(0, await db.DlpAlerts.CountAsync());
        Assert.Equal(0, await db.PromptLogs.CountAsync());
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task AlertCommands_RefuseAnotherWorkspacesAlert_AndNeedANoteToResolve(DatabaseProvider provider)
    {
        await using var api = await ApiHarness.StartAsync(provider);
        using var client = await api.ClientForAsync(api.A);
        await AlertsOfAsync(client, api.A, $"card {Card}");
        var dlp = api.App.Services.GetRequiredService<DlpCommands>();
        Guid alertId;
        await using (var db = api.Db())
            alertId = (await db.DlpAlerts.SingleAsync()).Id;

        var foreign = await Assert.ThrowsAsync<Domain.Model.Common.DomainRuleException>(() => dlp.AcknowledgeAsync(ApiHarness.Seed, api.B, alertId, null));
        Assert.Equal("The alert does not exist.", foreign.Message);
        var noNote = await Assert.ThrowsAsync<Domain.Model.Common.DomainRuleException>(() => dlp.ResolveAsync(ApiHarness.Seed, api.A, alertId, " "));
        Assert.Equal("Say how the alert was resolved.", noNote.Message);

        await dlp.AcknowledgeAsync(ApiHarness.Seed, api.A, alertId, "Looking into it");
        await dlp.ResolveAsync(ApiHarness.Seed, api.A, alertId, "Card cancelled by the customer;\nuser reminded of the policy.");

        await using var check = api.Db();
        var alert = await check.DlpAlerts.SingleAsync();
        Assert.Equal((DlpAlertStatus.Resolved, "Seed"), (alert.Status, alert.StatusChangedBy));
        var actions = await check.AuditEntries.Where(e => e.Action.StartsWith("dlp-alert.")).OrderBy(e => e.Sequence).Select(e => e.Action).ToListAsync();
        Assert.Equal([DlpCommands.AlertAcknowledged, DlpCommands.AlertResolved], actions);
    }

    private static async Task<int> AlertsOfAsync(HttpClient client, Guid workspace, string content)
    {
        using var response = await client.PostAsJsonAsync($"{V1}{workspace}/ai-outputs", new { items = new[] { new { content } } });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("dlpAlerts").GetInt32();
    }
}
