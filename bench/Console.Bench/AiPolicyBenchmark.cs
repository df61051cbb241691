using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using AdminConsole.Domain.Commands;
using AdminConsole.Domain.Model.Access;
using AdminConsole.Domain.Model.AiSettings;
using AdminConsole.Domain.Model.Api;
using AdminConsole.Domain.Model.Audit;
using AdminConsole.Domain.Model.Subprocessors;
using AdminConsole.Domain.Model.Workspaces;
using AdminConsole.Domain.Persistence;
using AdminConsole.TestSupport;

namespace AdminConsole.Bench;

/// <summary>
/// The effective-policy endpoint under <c>wrk</c> (Debian package) on loopback, 64 connections, 30 s, against the
/// trivial <c>GET /api/v1/key</c> of the same server in the same run. Both go through the same pipeline (TLS, API key
/// check against the database, request log); the difference is the policy question itself. The two alternate so that
/// the machine's drift falls on both.
/// </summary>
internal static partial class AiPolicyBenchmark
{
    private const int Connections = 64;
    private const int Rounds = 3;
    private static readonly AuditActor Seed = new("seed", "Seed", ConsoleRoles.Admin, null);
    private static readonly Dictionary<string, string> QuietConsole = new() { ["Serilog__WriteTo__0__Args__restrictedToMinimumLevel"] = "Warning" };
    private static readonly Guid DanaObjectId = new("7d0c3a55-0d55-4d4d-9a1e-5a1e5a1e5a1e");

    public static async Task RunAsync(int seconds = 30)
    {
        Report.Section($"Effective-policy API under wrk: {Connections} connections, {seconds} s, loopback, against GET /api/v1/key");
        if (!await WrkAvailableAsync())
        {
            Report.Line("- skipped: wrk is not installed (apt-get install wrk)");
            return;
        }

        var providers = new List<DatabaseProvider> { DatabaseProvider.Sqlite };
        if (Environment.GetEnvironmentVariable(TestDatabase.PostgresVariable) is { Length: > 0 })
            providers.Add(DatabaseProvider.Postgres);

        foreach (var provider in providers)
        {
            await using var database = await TestDatabase.CreateAsync(provider);
            await database.MigrateAsync();
            var (workspaceId, secret) = await SeedAsync(database);

            // The server's own settings (https, one request log line per request) except that the console sink takes
            // warnings only: this harness keeps the server's console in memory, which at 20,000 lines a second
            // takes CPU from the server it measures. The request log still goes to the log file.
            await using var server = await ConsoleServer.StartAsync(database, QuietConsole);
            var trivial = new Uri(server.BaseAddress, "api/v1/key");
            var policy = new Uri(server.BaseAddress, $"api/v1/workspaces/{workspaceId}/ai-policy?user={DanaObjectId}&feature=RunSql&integration=Analytics%20warehouse");

            // Warm-up: JIT, connection pools, the policy cache.
            await WrkAsync(trivial, secret, 5);
            await WrkAsync(policy, secret, 5);

            var ratios = new List<double>();
            var trivialRates = new List<double>();
            var policyRates = new List<double>();
            var trivialP99 = new List<double>();
            var policyP99 = new List<double>();
            for (var round = 1; round <= Rounds; round++)
            {
                var t = await WrkAsync(trivial, secret, seconds);
                var p = await WrkAsync(policy, secret, seconds);
                trivialRates.Add(t.RequestsPerSecond);
                policyRates.Add(p.RequestsPerSecond);
                trivialP99.Add(t.P99Ms);
                policyP99.Add(p.P99Ms);
                ratios.Add(p.RequestsPerSecond / t.RequestsPerSecond);
                Report.Line($"- {provider}, round {round}: /api/v1/key {t.RequestsPerSecond:N0} req/s, p50 {t.P50Ms:0.00} ms, p99 {t.P99Ms:0.00} ms, {t.Errors} errors; " +
                    $"ai-policy {p.RequestsPerSecond:N0} req/s, p50 {p.P50Ms:0.00} ms, p99 {p.P99Ms:0.00} ms, {p.Errors} errors; ratio {p.RequestsPerSecond / t.RequestsPerSecond:P0}");
            }

            Report.Line($"- {provider}, median of {Rounds}: /api/v1/key {Report.Median(trivialRates):N0} req/s (p99 {Report.Median(trivialP99):0.00} ms); " +
                $"ai-policy {Report.Median(policyRates):N0} req/s (p99 {Report.Median(policyP99):0.00} ms); ratio {Report.Median(ratios):P0} (range {ratios.Min():P0}–{ratios.Max():P0})");
        }
    }

    /// <summary>A Business workspace on an authorized zero-retention provider, Run SQL on, a warehouse integration for admins, Dana an admin.</summary>
    private static async Task<(Guid Workspace, string Secret)> SeedAsync(TestDatabase database)
    {
        var now = DateTimeOffset.UtcNow;
        Guid workspaceId, providerId;
        string secret;
        await using (var db = database.CreateContext())
        {
            var workspace = Workspace.Create("Acme Research", Plan.Business, DataRegion.EU, now);
            var dana = workspace.AddMember(DanaObjectId, "Dana Data", "dana@acme.example", now);
            workspace.ChangeMemberRole(dana.Id, MemberRole.Admin, now);
            var provider = Subprocessor.Propose(
                new SubprocessorDetails("Anthropic PBC", "LLM inference", ProcessingCategory.Llm, ["Prompts"], ["US"], [], "DPA-1", true, 0, RiskTier.High, null),
                now.AddDays(-40));
            provider.PublishNotice(now.AddDays(-40), now.AddDays(-5), Subprocessor.DefaultNoticePeriod);
            provider.Authorize(now.AddDays(-5));
            var (key, s) = ApiKey.Issue(workspace.Id, "AI product", [ApiScopes.PolicyRead], "Seed", now);
            db.Workspaces.Add(workspace);
            db.Subprocessors.Add(provider);
            db.ApiKeys.Add(key);
            await db.SaveChangesAsync();
            (workspaceId, providerId, secret) = (workspace.Id, provider.Id, s);
        }

        var commands = new AiSettingsCommands(database.CreateFactory(), TimeProvider.System);
        var features = new HashSet<AiFeature> { AiFeature.WorkspaceSearch, AiFeature.RunSql };
        await commands.UpdateAsync(Seed, workspaceId, new AiSettingsChange(true, providerId, AiDataMode.Content, features, true, true, false, false));
        await commands.AddIntegrationAsync(Seed, workspaceId, "Analytics warehouse", IntegrationKind.Warehouse, [MemberRole.Admin], []);
        return (workspaceId, secret);
    }

    private sealed record WrkResult(double RequestsPerSecond, double P50Ms, double P99Ms, long Errors);

    private static async Task<bool> WrkAvailableAsync()
    {
        try
        {
            using var process = Process.Start(new ProcessStartInfo("wrk", "--version") { RedirectStandardOutput = true, RedirectStandardError = true })!;
            await process.WaitForExitAsync();
            return true;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return false;
        }
    }

    private static async Task<WrkResult> WrkAsync(Uri url, string secret, int seconds)
    {
        var start = new ProcessStartInfo("wrk") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in new[] { "-t2", $"-c{Connections}", $"-d{seconds}s", "--latency", "-H", $"Authorization: Bearer {secret}", url.AbsoluteUri })
            start.ArgumentList.Add(argument);
        using var process = Process.Start(start)!;
        var output = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"wrk failed ({process.ExitCode}): {await process.StandardError.ReadToEndAsync()}");

        var rate = double.Parse(RateLine().Match(output).Groups[1].Value, CultureInfo.InvariantCulture);
        var non2xx = NonSuccess().Match(output) is { Success: true } n ? long.Parse(n.Groups[1].Value, CultureInfo.InvariantCulture) : 0;
        var socket = SocketErrors().Match(output) is { Success: true } e
            ? e.Groups.Values.Skip(1).Sum(g => long.Parse(g.Value, CultureInfo.InvariantCulture))
            : 0;
        return new WrkResult(rate, Percentile(output, "50"), Percentile(output, "99"), non2xx + socket);
    }

    private static double Percentile(string output, string percent)
    {
        var match = Regex.Match(output, $@"^\s*{percent}%\s+([\d.]+)(us|ms|s)\s*$", RegexOptions.Multiline);
        if (!match.Success)
            throw new InvalidOperationException($"wrk printed no {percent}% latency:\n{output}");
        var value = double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
        return match.Groups[2].Value switch
        {
            "us" => value / 1000,
            "s" => value * 1000,
            _ => value,
        };
    }

    [GeneratedRegex(@"Requests/sec:\s+([\d.]+)")]
    private static partial Regex RateLine();

    [GeneratedRegex(@"Non-2xx or 3xx responses:\s+(\d+)")]
    private static partial Regex NonSuccess();

    [GeneratedRegex(@"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)")]
    private static partial Regex SocketErrors();
}
