using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using AdminConsole.Domain.Commands;
using AdminConsole.Domain.Model.Access;
using AdminConsole.Domain.Model.Api;
using AdminConsole.Domain.Model.Audit;
using AdminConsole.Domain.Model.Jobs;
using AdminConsole.Domain.Model.Lifecycle;
using AdminConsole.Domain.Model.Subprocessors;
using AdminConsole.Domain.Model.Workspaces;
using AdminConsole.Domain.Persistence;
using AdminConsole.Jobs.Retention;
using AdminConsole.TestSupport;
using Microsoft.EntityFrameworkCore;

namespace AdminConsole.E2E;

/// <summary>
/// The console as its own process with <c>/metrics</c> on: after the product reports prompts with secrets, asks for its
/// policy twice and the retention job purges expired prompts and a notice goes to three subscribers (one refused), Prometheus' text format carries the console's own meters
/// with exactly those counts (the process is the test's alone, so no other test's work is in them).
/// </summary>
public sealed partial class MetricsTests
{
    private static readonly Guid Dana = Guid.Parse("5a1e0000-0000-4000-8000-00000000da7a");

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task AfterSomeWork_MetricsCarryTheConsolesOwnMetersWithTheRightCounts(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await database.MigrateAsync();
        var now = DateTimeOffset.UtcNow;
        Guid workspaceId;
        string secret;
        const int Expired = 7;
        await using (var db = database.CreateContext())
        {
            var workspace = Workspace.Create("Acme Research", Plan.Business, DataRegion.EU, now.AddDays(-400));
            workspace.AddMember(Dana, "Dana Data", "dana@acme.example", now);
            var (key, s) = ApiKey.Issue(workspace.Id, "AI product", [ApiScopes.EventsWrite, ApiScopes.PolicyRead], "Seed", now);
            db.Workspaces.Add(workspace);
            db.ApiKeys.Add(key);
            // Past the 30 days of prompt history the plan keeps: the retention job's to purge.
            db.PromptLogs.AddRange(Enumerable.Range(0, Expired).Select(i => PromptLog.Create(workspace.Id, Guid.NewGuid(), $"Old prompt {i}", now.AddDays(-40))));
            await db.SaveChangesAsync();
            (workspaceId, secret) = (workspace.Id, s);
        }

        // Three subscribers to subprocessor notices, one of whose mailbox the server refuses for good.
        await using (var db = database.CreateContext())
        {
            foreach (var email in new[] { "ana@example.com", "ben@example.com", "reject-cy@example.com" })
            {
                var (subscription, token) = Subscription.Request(email, null, now.AddDays(-1));
                subscription.Confirm(token, now.AddDays(-1));
                db.Subscriptions.Add(subscription);
            }

            await db.SaveChangesAsync();
        }

        await using var smtp = await SmtpSinkPeer.StartAsync();
        var environment = smtp.ConsoleSettings();
        environment["Telemetry__Prometheus__Enabled"] = "true";
        environment["Retention__Interval"] = "00:00:02";
        environment["Notices__DispatchInterval"] = "00:00:01";
        await using var server = await ConsoleServer.StartAsync(database, environment);
        var officer = new AuditActor("officer-1", "Olivia Officer", ConsoleRoles.ComplianceOfficer, null);
        var subprocessors = new SubprocessorCommands(database.CreateFactory(), TimeProvider.System, new SubprocessorOptions());
        var vectorStore = await subprocessors.ProposeAsync(officer, new SubprocessorDetails(
            "Vector Store Inc", "Embeddings for workspace search", ProcessingCategory.VectorStore, ["Page content"], ["US"], [], "DPA-7", true, 0, RiskTier.Medium, null));
        await subprocessors.PublishNoticeAsync(officer, vectorStore, now.AddDays(31));
        using var api = Client(server, secret);

        // Two card numbers and an AWS key in three prompts; a fourth prompt is clean.
        var prompts = new[] { "Charge 4111 1111 1111 1111 please", "Use AKIAIOSFODNN7EXAMPLE for the bucket", "Card 5555 5555 5555 4444 too", "Summarise the review" };
        using (var posted = await api.PostAsJsonAsync($"api/v1/workspaces/{workspaceId}/prompt-logs", new { items = prompts.Select(p => new { userObjectId = Dana, content = p }) }))
            Assert.True(posted.StatusCode == HttpStatusCode.Created, await posted.Content.ReadAsStringAsync());

        // The first answer comes from the database, the second from the node's cache.
        for (var i = 0; i < 2; i++)
        {
            using var policy = await api.GetAsync(new Uri($"api/v1/workspaces/{workspaceId}/ai-policy", UriKind.Relative));
            Assert.True(policy.StatusCode == HttpStatusCode.OK, await policy.Content.ReadAsStringAsync());
        }

        await JobRunWait.FirstRunFinishedAsync(database, RetentionEnforcer.JobName);
        var deadline = DateTime.UtcNow.AddSeconds(60);
        await using (var db = database.CreateContext())
        {
            while (await db.NoticeDeliveries.CountAsync(d => d.Status == DeliveryStatus.Sent || d.Status == DeliveryStatus.Failed) < 3 && DateTime.UtcNow < deadline)
                await Task.Delay(200);
        }

        List<JobRun> runs;
        await using (var db = database.CreateContext())
            runs = await db.JobRuns.AsNoTracking().Where(r => r.JobName == RetentionEnforcer.JobName && r.FinishedAt != null).ToListAsync();

        var metrics = await ScrapeAsync(server);
        Assert.Equal(2, Value(metrics, "adminconsole_dlp_findings_total", "detector", "payment-card"));
        Assert.Equal(1, Value(metrics, "adminconsole_dlp_findings_total", "detector", "aws-access-key"));
        // Each answer is a hit or a miss; the second is a miss only when a change committed meanwhile (on PostgreSQL the
        // notice's publication is announced to every node) voided the cached answer.
        Assert.Equal(2, Sum(metrics, "adminconsole_policy_cache_lookups_total", "result", "miss") + Sum(metrics, "adminconsole_policy_cache_lookups_total", "result", "hit"));
        Assert.InRange(Sum(metrics, "adminconsole_policy_cache_lookups_total", "result", "miss"), 1, 2);
        Assert.Equal(Expired, Value(metrics, "adminconsole_purge_items_total", "kind", nameof(DataKind.PromptLog)));
        Assert.Equal(2, Series(metrics, "adminconsole_notices_sent_total").Single());
        Assert.Equal(1, Value(metrics, "adminconsole_notices_failed_total", "failure", "permanent"));

        // Runs counted as the database records them, at least the one waited for (the next may have finished since the query).
        var counted = Sum(metrics, "adminconsole_job_runs_total", "job", RetentionEnforcer.JobName);
        Assert.InRange(counted, runs.Count, runs.Count + 1);
        Assert.Equal(counted, Sum(metrics, "adminconsole_job_duration_seconds_count", "job", RetentionEnforcer.JobName));
        Assert.Contains("http_server_request_duration_seconds", metrics, StringComparison.Ordinal);
    }

    /// <summary>
    /// With <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> set, the console exports over OTLP/HTTP: a receiver on loopback gets traces
    /// of the requests it served and the console's own meter among the metrics (protobuf carries names as plain UTF-8).
    /// </summary>
    [Fact]
    public async Task WithAnOtlpEndpoint_TracesAndTheConsolesMetersAreExported()
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await database.MigrateAsync();
        var port = ConsoleServer.FreePort();
        using var listener = new HttpListener();
        listener.Prefixes.Add($"http://127.0.0.1:{port}/");
        listener.Start();
        var received = new System.Collections.Concurrent.ConcurrentBag<(string Path, string Body)>();
        var receiving = Task.Run(async () =>
        {
            while (listener.IsListening)
            {
                HttpListenerContext context;
                try
                {
                    context = await listener.GetContextAsync();
                }
                catch (HttpListenerException)
                {
                    return;
                }
                catch (ObjectDisposedException)
                {
                    return;
                }

                using var body = new MemoryStream();
                await context.Request.InputStream.CopyToAsync(body);
                received.Add((context.Request.Url!.AbsolutePath, System.Text.Encoding.UTF8.GetString(body.ToArray())));
                context.Response.StatusCode = 200;
                context.Response.Close();
            }
        });

        await using var server = await ConsoleServer.StartAsync(database, new Dictionary<string, string>
        {
            ["OTEL_EXPORTER_OTLP_ENDPOINT"] = $"http://127.0.0.1:{port}",
            ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf",
            ["OTEL_METRIC_EXPORT_INTERVAL"] = "500",
            ["OTEL_BSP_SCHEDULE_DELAY"] = "200",
        });
        using (var client = Client(server, null))
            (await client.GetAsync(new Uri("health", UriKind.Relative))).Dispose();

        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (DateTime.UtcNow < deadline
            && !(received.Any(r => r.Path == "/v1/traces" && r.Body.Contains("/health", StringComparison.Ordinal))
                 && received.Any(r => r.Path == "/v1/metrics" && r.Body.Contains("adminconsole.job.runs", StringComparison.Ordinal))
                 && received.Any(r => r.Path == "/v1/metrics" && r.Body.Contains("http.server.request.duration", StringComparison.Ordinal))))
            await Task.Delay(200);
        listener.Stop();
        await receiving;

        Assert.Contains(received, r => r.Path == "/v1/traces" && r.Body.Contains("/health", StringComparison.Ordinal));
        Assert.Contains(received, r => r.Path == "/v1/metrics" && r.Body.Contains("adminconsole.job.runs", StringComparison.Ordinal));
        Assert.Contains(received, r => r.Path == "/v1/metrics" && r.Body.Contains("http.server.request.duration", StringComparison.Ordinal));
        Assert.All(received, r => Assert.Contains("AdminConsole", r.Body, StringComparison.Ordinal));
    }

    private static HttpClient Client(ConsoleServer server, string? secret)
    {
        var handler = new HttpClientHandler { ServerCertificateCustomValidationCallback = HttpClientHandler.DangerousAcceptAnyServerCertificateValidator };
        var client = new HttpClient(handler, disposeHandler: true) { BaseAddress = server.BaseAddress };
        if (secret is not null)
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", secret);
        return client;
    }

    private static async Task<string> ScrapeAsync(ConsoleServer server)
    {
        using var client = Client(server, null);
        using var response = await client.GetAsync(new Uri("metrics", UriKind.Relative));
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode}: {body}");
        Assert.StartsWith("text/plain", response.Content.Headers.ContentType?.MediaType, StringComparison.Ordinal);
        return body;
    }

    /// <summary>The one series of <paramref name="name"/> whose label has this value.</summary>
    private static double Value(string metrics, string name, string label, string value)
    {
        var series = Series(metrics, name, label, value).ToList();
        Assert.True(series.Count == 1, $"{series.Count} series of {name}{{{label}=\"{value}\"}} in:\n{metrics}");
        return series[0];
    }

    /// <summary>The sum of every series of <paramref name="name"/> whose label has this value (e.g. over outcomes).</summary>
    private static double Sum(string metrics, string name, string label, string value) => Series(metrics, name, label, value).Sum();

    private static IEnumerable<double> Series(string metrics, string name, string? label = null, string? value = null) =>
        SeriesLine().Matches(metrics)
            .Where(m => m.Groups["name"].Value == name && (label is null || m.Groups["labels"].Value.Contains($"{label}=\"{value}\"", StringComparison.Ordinal)))
            .Select(m => double.Parse(m.Groups["value"].Value, CultureInfo.InvariantCulture));

    [GeneratedRegex(@"^(?<name>[a-zA-Z_:][a-zA-Z0-9_:]*)\{(?<labels>[^}]*)\} (?<value>\S+)", RegexOptions.Multiline)]
    private static partial Regex SeriesLine();
}
