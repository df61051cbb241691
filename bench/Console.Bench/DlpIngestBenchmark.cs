using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using AdminConsole.Domain.Model.Api;
using AdminConsole.Domain.Model.Workspaces;
using AdminConsole.Domain.Persistence;
using AdminConsole.TestSupport;

namespace AdminConsole.Bench;

/// <summary>
/// Ingestion end to end through the API: prompt logs in batches of 100 (about 400 characters each, one in ten with
/// something a detector finds) posted by concurrent clients, each batch scanned and its alerts written in the same
/// transaction. Baseline in the same run: provider-request records in the same batches, which are written without
/// any content to scan.
/// </summary>
internal static class DlpIngestBenchmark
{
    private const int Batch = 100;
    private const int Clients = 8;
    private const int Rounds = 3;
    private static readonly TimeSpan Duration = TimeSpan.FromSeconds(20);
    private static readonly Guid User = Guid.Parse("7d0e5c8e-3f8a-4a57-9d8b-2b1f6c0a9e11");

    private static readonly string[] Findings =
    [
        "refund card 4111 1111 1111 1111 today", "deploy with AKIAIOSFODNN7EXAMPLE", "wire to DE89370400440532013000",
        "mail anna.larsen@example.com", "SSN 123-45-6789 for HR", "token ghp_aBcDeFgHiJkLmNoPqRsTuVwXyZ0123456789",
    ];

    public static async Task RunAsync()
    {
        Report.Section($"DLP: ingestion end to end through the API ({Clients} clients, batches of {Batch}, {Duration.TotalSeconds:0} s per measurement)");
        var providers = new List<DatabaseProvider> { DatabaseProvider.Sqlite };
        if (Environment.GetEnvironmentVariable(TestDatabase.PostgresVariable) is { Length: > 0 })
            providers.Add(DatabaseProvider.Postgres);

        foreach (var provider in providers)
        {
            await using var database = await TestDatabase.CreateAsync(provider);
            await database.MigrateAsync();
            Guid workspaceId;
            string secret;
            await using (var db = database.CreateContext())
            {
                var workspace = Workspace.Create("Acme Research", Plan.Business, DataRegion.EU, DateTimeOffset.UtcNow);
                var (key, s) = ApiKey.Issue(workspace.Id, "AI product", [ApiScopes.EventsWrite], "Bench", DateTimeOffset.UtcNow);
                db.Workspaces.Add(workspace);
                db.ApiKeys.Add(key);
                await db.SaveChangesAsync();
                (workspaceId, secret) = (workspace.Id, s);
            }

            // As in the ai-policy benchmark: request log lines go to the file only, not into this harness's memory.
            await using var server = await ConsoleServer.StartAsync(database, new Dictionary<string, string> { ["Serilog__WriteTo__0__Args__restrictedToMinimumLevel"] = "Warning" });
            using var client = Client(server, secret);
            var prompts = PromptBatch();
            var requests = RequestBatch();
            await PostAsync(client, $"api/v1/workspaces/{workspaceId}/prompt-logs", prompts, TimeSpan.FromSeconds(3));
            await PostAsync(client, $"api/v1/workspaces/{workspaceId}/provider-requests", requests, TimeSpan.FromSeconds(3));

            var ratios = new List<double>();
            var scanned = new List<double>();
            var plain = new List<double>();
            for (var round = 1; round <= Rounds; round++)
            {
                var baseline = await PostAsync(client, $"api/v1/workspaces/{workspaceId}/provider-requests", requests, Duration);
                var rate = await PostAsync(client, $"api/v1/workspaces/{workspaceId}/prompt-logs", prompts, Duration);
                plain.Add(baseline);
                scanned.Add(rate);
                ratios.Add(rate / baseline);
                Report.Line($"- {provider}, round {round}: provider requests (no scan) {baseline:N0} events/s; prompt logs scanned {rate:N0} events/s = {rate / baseline:P0}");
            }

            Report.Line($"- {provider}, median of {Rounds}: prompt logs scanned {Report.Median(scanned):N0} events/s; provider requests {Report.Median(plain):N0} events/s; ratio {Report.Median(ratios):P0}");
        }
    }

    /// <summary>Events per second accepted by <see cref="Clients"/> clients posting the batch for <paramref name="duration"/>.</summary>
    private static async Task<double> PostAsync(HttpClient client, string path, string body, TimeSpan duration)
    {
        var watch = Stopwatch.StartNew();
        long events = 0;
        await Task.WhenAll(Enumerable.Range(0, Clients).Select(async _ =>
        {
            while (watch.Elapsed < duration)
            {
                using var content = new StringContent(body, Encoding.UTF8, "application/json");
                using var response = await client.PostAsync(new Uri(path, UriKind.Relative), content);
                if (response.StatusCode != HttpStatusCode.Created)
                    throw new InvalidOperationException($"{path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
                Interlocked.Add(ref events, Batch);
            }
        }));
        return events / watch.Elapsed.TotalSeconds;
    }

    private static string PromptBatch()
    {
        var random = new Random(11);
        var words = "the quarterly plan for our onboarding flow needs a summary of last week's meeting notes and the open questions".Split(' ');
        var items = Enumerable.Range(0, Batch).Select(i =>
        {
            var text = new StringBuilder();
            while (text.Length < 400)
                text.Append(words[random.Next(words.Length)]).Append(' ');
            if (i % 10 == 0)
                text.Append(Findings[random.Next(Findings.Length)]);
            return new { userObjectId = User, content = text.ToString() };
        });
        return System.Text.Json.JsonSerializer.Serialize(new { items });
    }

    private static string RequestBatch() =>
        System.Text.Json.JsonSerializer.Serialize(new { items = Enumerable.Range(0, Batch).Select(_ => new { provider = "Anthropic PBC", promisedRetentionDays = 0 }) });

    private static HttpClient Client(ConsoleServer server, string secret)
    {
        var handler = new HttpClientHandler { ServerCertificateCustomValidationCallback = HttpClientHandler.DangerousAcceptAnyServerCertificateValidator, MaxConnectionsPerServer = Clients };
        var client = new HttpClient(handler, disposeHandler: true) { BaseAddress = server.BaseAddress, Timeout = TimeSpan.FromSeconds(60) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", secret);
        return client;
    }
}
