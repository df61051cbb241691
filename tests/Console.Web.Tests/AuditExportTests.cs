using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using AdminConsole.Domain.Commands;
using AdminConsole.Domain.Model.Access;
using AdminConsole.Domain.Model.Audit;
using AdminConsole.Domain.Model.Workspaces;
using AdminConsole.Domain.Persistence;
using AdminConsole.TestSupport;
using AdminConsole.Web.Auth;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace AdminConsole.Web.Tests;

/// <summary>
/// The audit log's exports: the JSON Lines file re-verified by <c>tools/verify-audit-chain.mjs</c> as a real
/// process (the independent check an auditor runs), the CSV with its chain fields, scoping, streaming and filters.
/// </summary>
public sealed class AuditExportTests
{
    private const string JsonLines = "/api/console/audit/entries.jsonl";
    private const string Csv = "/api/console/audit/entries.csv";
    private const string List = "/api/console/audit/entries";

    /// <summary>Quotes, a comma, a newline, a formula, a letter outside ASCII and one outside the BMP (two UTF-16 units).</summary>
    private const string AwkwardName = "Zoë \"Z\" O'Brien, Jr.\nsecond line =1+1 🚀";

    private static readonly AuditActor Awkward = new("actor-ü", AwkwardName, ConsoleRoles.Admin, "2001:db8::1");

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task JsonLines_OfTheWholeLog_IsVerifiedByTheScript_UpToTheDatabasesChainHead(DatabaseProvider provider)
    {
        await using var api = await ApiHarness.StartAsync(provider);
        await SeedAwkwardChangesAsync(api);
        using var officer = await ConsoleFactory.CreateClientAsAsync(api.App, "officer");

        using var response = await officer.GetAsync(new Uri(JsonLines, UriKind.Relative));
        var body = await response.Content.ReadAsStringAsync();
        var head = await HeadAsync(api);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/x-ndjson", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("audit-log.jsonl", response.Content.Headers.ContentDisposition?.FileNameStar ?? response.Content.Headers.ContentDisposition?.FileName);
        Assert.Equal(head.Sequence.ToString(System.Globalization.CultureInfo.InvariantCulture), Header(response, "X-Audit-Chain-Head-Sequence"));
        Assert.Equal(head.Hash, Header(response, "X-Audit-Chain-Head-Hash"));

        var lines = Lines(body);
        Assert.Equal(Enumerable.Range(1, (int)head.Sequence).Select(i => (long)i), lines.Select(l => l["sequence"]!.GetValue<long>()));
        Assert.Equal(AuditEntry.GenesisHash, lines[0]["previousHash"]!.GetValue<string>());
        var renamed = lines.Single(l => l["action"]!.GetValue<string>() == "workspace.updated");
        Assert.Equal(AwkwardName, renamed["actorName"]!.GetValue<string>());
        Assert.Equal("2001:db8::1", renamed["sourceIp"]!.GetValue<string>());
        Assert.Equal(JsonValueKind.String, renamed["atTicks"]!.GetValueKind());
        Assert.Equal("Acme \"Research\", Ltd. — Zürich", JsonNode.Parse(renamed["after"]!.GetValue<string>())!["Name"]!.GetValue<string>());
        Assert.True(lines[0].ContainsKey("sourceIp"));
        Assert.Null(lines[0]["sourceIp"]);

        var (exitCode, output) = await VerifyAsync(body, "--expect-head", head.Hash);
        Assert.True(exitCode == 0, output);
        Assert.Contains($"head {head.Sequence} {head.Hash}", output, StringComparison.Ordinal);
        Assert.DoesNotContain("not linked", output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("actorName", "Someone Else")]
    [InlineData("after", "{\"Name\":\"Acme Research\"}")]
    [InlineData("workspaceId", null)]
    [InlineData("atTicks", "639000000000000000")]
    public async Task JsonLines_WithOneFieldOfOneEntryChanged_FailsVerification_NamingThatEntry(string field, string? value)
    {
        await using var api = await ApiHarness.StartAsync(DatabaseProvider.Sqlite);
        await SeedAwkwardChangesAsync(api);
        using var officer = await ConsoleFactory.CreateClientAsAsync(api.App, "officer");
        var lines = Lines(await officer.GetStringAsync(new Uri(JsonLines, UriKind.Relative)));
        var victim = lines.First(l => l["action"]!.GetValue<string>() == "workspace.updated");
        var sequence = victim["sequence"]!.GetValue<long>();
        victim[field] = value;

        var (exitCode, output) = await VerifyAsync(string.Join('\n', lines.Select(l => l.ToJsonString())) + "\n");

        Assert.True(exitCode == 1, output);
        Assert.Contains($"FAILED at sequence {sequence}:", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task JsonLines_WithAnEntryRemoved_FailsAgainstTheExpectedHead_OrWhenTheNewestIsCut()
    {
        await using var api = await ApiHarness.StartAsync(DatabaseProvider.Sqlite);
        await SeedAwkwardChangesAsync(api);
        using var officer = await ConsoleFactory.CreateClientAsAsync(api.App, "officer");
        var lines = Lines(await officer.GetStringAsync(new Uri(JsonLines, UriKind.Relative)));
        var head = await HeadAsync(api);

        var withoutLast = string.Join('\n', lines.SkipLast(1).Select(l => l.ToJsonString()));
        var (cutExit, cutOutput) = await VerifyAsync(withoutLast, "--expect-head", head.Hash);

        Assert.True(cutExit == 1, cutOutput);
        Assert.Contains($"is not the expected head {head.Hash}", cutOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task JsonLines_OfAWorkspaceAdmin_HoldsOnlyTheirWorkspacesEntries_AndStillVerifies()
    {
        await using var api = await ApiHarness.StartAsync(DatabaseProvider.Sqlite);
        await SeedAwkwardChangesAsync(api);
        var workspaces = api.App.Services.GetRequiredService<WorkspaceCommands>();
        await workspaces.AssignAdministratorAsync(ApiHarness.Seed, api.A, DevelopmentPersonas.Find("workspace-admin")!.ObjectId);
        await workspaces.AddTeamAsync(ApiHarness.Seed, api.B, "Globex Legal Team");
        using var adminOfA = await ConsoleFactory.CreateClientAsAsync(api.App, "workspace-admin");

        using var response = await adminOfA.GetAsync(new Uri(JsonLines, UriKind.Relative));
        var body = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var lines = Lines(body);
        Assert.NotEmpty(lines);
        Assert.All(lines, l => Assert.Equal(api.A.ToString(), l["workspaceId"]!.GetValue<string>()));
        Assert.DoesNotContain(api.B.ToString(), body, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("Globex", body, StringComparison.Ordinal);

        // The head's sequence counts every workspace's entries: only readers who may verify the whole chain get it.
        Assert.False(response.Headers.Contains("X-Audit-Chain-Head-Sequence"));
        Assert.False(response.Headers.Contains("X-Audit-Chain-Head-Hash"));

        var (exitCode, output) = await VerifyAsync(body);
        Assert.True(exitCode == 0, output);
        Assert.Contains("not linked (filtered export)", output, StringComparison.Ordinal);
    }

    /// <summary>
    /// The attack of someone holding the database: one entry edited, every later hash and the head recomputed. The
    /// export still hangs together, so the hashes alone pass; a checkpoint kept from before, the chain key and the
    /// console's own Verify each catch it.
    /// </summary>
    [Fact]
    public async Task RewrittenLog_PassesTheHashes_ButNotAnEarlierCheckpoint_NorTheSeals_NorVerify()
    {
        await using var api = await ApiHarness.StartAsync(DatabaseProvider.Sqlite);
        await SeedAwkwardChangesAsync(api);
        using var officer = await ConsoleFactory.CreateClientAsAsync(api.App, "officer");
        var early = Lines(await officer.GetStringAsync(new Uri(JsonLines, UriKind.Relative)));
        var kept = early[2];
        var edited = early[4]["sequence"]!.GetValue<long>();
        var workspaces = api.App.Services.GetRequiredService<WorkspaceCommands>();
        await workspaces.AddTeamAsync(ApiHarness.Seed, api.A, "After the checkpoint");
        var late = await HeadAsync(api);

        await AuditLogIntruder.RewriteFromAsync(api.Database, edited, "{\"Name\":\"Forged\"}");
        var body = await officer.GetStringAsync(new Uri(JsonLines, UriKind.Relative));

        var (plainExit, plainOutput) = await VerifyAsync(body);
        Assert.True(plainExit == 0, "The rewrite must fool the hashes, or this test does not perform the attack: " + plainOutput);

        var (checkpointExit, checkpointOutput) = await VerifyAsync(
            body, "--expect-entry", $"{kept["sequence"]}:{kept["hash"]}", "--expect-entry", $"{late.Sequence}:{late.Hash}");
        Assert.True(checkpointExit == 1, checkpointOutput);
        Assert.Contains($"FAILED at sequence {late.Sequence}", checkpointOutput, StringComparison.Ordinal);
        Assert.Contains($"rewritten at or after entry {kept["sequence"]!.GetValue<long>() + 1}, the first entry after the last checkpoint that holds ({kept["sequence"]})", checkpointOutput, StringComparison.Ordinal);

        var (keyExit, keyOutput) = await VerifyWithKeyAsync(api, body);
        Assert.True(keyExit == 1, keyOutput);
        Assert.Contains($"FAILED at sequence {edited}: the seal does not match", keyOutput, StringComparison.Ordinal);

        using var verified = await officer.PostAsync(new Uri("/api/console/audit/verify", UriKind.Relative), null);
        var result = await verified.Content.ReadFromJsonAsync<JsonObject>();
        Assert.False(result!["intact"]!.GetValue<bool>(), result.ToJsonString());
        Assert.Equal(edited, result["brokenAtSequence"]!.GetValue<long>());
        Assert.True(result["sealsChecked"]!.GetValue<bool>());
    }

    [Fact]
    public async Task JsonLines_OfASealedLog_VerifyWithTheChainKeyAndTheHeadAsACheckpoint()
    {
        await using var api = await ApiHarness.StartAsync(DatabaseProvider.Sqlite);
        await SeedAwkwardChangesAsync(api);
        using var officer = await ConsoleFactory.CreateClientAsAsync(api.App, "officer");
        var body = await officer.GetStringAsync(new Uri(JsonLines, UriKind.Relative));
        var head = await HeadAsync(api);
        var (exitCode, output) = await VerifyWithKeyAsync(api, body, "--expect-entry", $"{head.Sequence}:{head.Hash}");

        Assert.True(exitCode == 0, output);
        Assert.Contains("every entry's seal matches the chain key", output, StringComparison.Ordinal);
        Assert.Contains("1 checkpoint hold", output, StringComparison.Ordinal);
    }

    /// <summary>Auditors re-verify the whole log: they read and export every entry, as officers do.</summary>
    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task Auditor_ReadsAndExportsEveryEntry_AndTheExportVerifiesAgainstTheHead(DatabaseProvider provider)
    {
        await using var api = await ApiHarness.StartAsync(provider);
        await SeedAwkwardChangesAsync(api);
        var holdReason = "Litigation hold 4711 against Globex";
        await api.App.Services.GetRequiredService<LifecycleCommands>().PlaceHoldAsync(ApiHarness.Seed, api.B, holdReason, api.Clock.GetUtcNow(), null);
        using var auditor = await ConsoleFactory.CreateClientAsAsync(api.App, "auditor");
        var head = await HeadAsync(api);

        var page = await auditor.GetFromJsonAsync<JsonObject>(new Uri($"{List}?take=500", UriKind.Relative));
        Assert.Equal(head.Sequence, page!["total"]!.GetValue<long>());

        var body = await auditor.GetStringAsync(new Uri(JsonLines, UriKind.Relative));
        Assert.Equal(head.Sequence, Lines(body).Count);
        Assert.Contains(holdReason, body, StringComparison.Ordinal);
        var (exitCode, output) = await VerifyAsync(body, "--expect-head", head.Hash);
        Assert.True(exitCode == 0, output);

        var csv = ParseCsv(await auditor.GetStringAsync(new Uri(Csv, UriKind.Relative)));
        Assert.Equal(head.Sequence + 1, csv.Count);

        long placed;
        await using (var db = api.Db())
            placed = await db.AuditEntries.Where(e => e.Action == "legal-hold.placed").Select(e => e.Sequence).SingleAsync();
        using var entry = await auditor.GetAsync(new Uri($"{List}/{placed}", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, entry.StatusCode);
        using var entryPage = await auditor.GetAsync(new Uri($"/audit/{placed}", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, entryPage.StatusCode);
        Assert.Contains("legal-hold.placed", await entryPage.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    /// <summary>
    /// A hold may concern a dispute with the workspace's own company: its entries carry the workspace's id, yet its
    /// admin finds them nowhere — not in the list, an entry, the page or either export.
    /// </summary>
    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task LegalHoldEntries_OfAWorkspace_AreNotShownToItsOwnAdmin(DatabaseProvider provider)
    {
        await using var api = await ApiHarness.StartAsync(provider);
        var workspaces = api.App.Services.GetRequiredService<WorkspaceCommands>();
        await workspaces.AssignAdministratorAsync(ApiHarness.Seed, api.A, DevelopmentPersonas.Find("workspace-admin")!.ObjectId);
        await workspaces.AddTeamAsync(ApiHarness.Seed, api.A, "Visible Team");
        var lifecycle = api.App.Services.GetRequiredService<LifecycleCommands>();
        const string reason = "Dispute 2026-17 with Acme Research";
        var hold = await lifecycle.PlaceHoldAsync(ApiHarness.Seed, api.A, reason, api.Clock.GetUtcNow(), null);
        await lifecycle.LiftHoldAsync(ApiHarness.Seed, hold);
        long placed;
        await using (var db = api.Db())
            placed = await db.AuditEntries.Where(e => e.Action == "legal-hold.placed").Select(e => e.Sequence).SingleAsync();
        using var adminOfA = await ConsoleFactory.CreateClientAsAsync(api.App, "workspace-admin");

        var list = await adminOfA.GetStringAsync(new Uri($"{List}?take=500", UriKind.Relative));
        var jsonLines = await adminOfA.GetStringAsync(new Uri(JsonLines, UriKind.Relative));
        var csv = await adminOfA.GetStringAsync(new Uri(Csv, UriKind.Relative));
        foreach (var text in new[] { list, jsonLines, csv })
        {
            Assert.Contains("team.added", text, StringComparison.Ordinal);
            Assert.DoesNotContain("legal-hold", text, StringComparison.Ordinal);
            Assert.DoesNotContain(reason, text, StringComparison.Ordinal);
        }

        using var entry = await adminOfA.GetAsync(new Uri($"{List}/{placed}", UriKind.Relative));
        Assert.Equal(HttpStatusCode.NotFound, entry.StatusCode);
        using var entryPage = await adminOfA.GetAsync(new Uri($"/audit/{placed}", UriKind.Relative));
        Assert.Equal(HttpStatusCode.NotFound, entryPage.StatusCode);
        Assert.DoesNotContain(reason, await entryPage.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        using var officer = await ConsoleFactory.CreateClientAsAsync(api.App, "officer");
        using var officersEntry = await officer.GetAsync(new Uri($"{List}/{placed}", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, officersEntry.StatusCode);
    }

    [Fact]
    public async Task Exports_OfThousandsOfEntries_AreStreamed_AndTheCsvCarriesTheChain()
    {
        const int count = 3_000;
        await using var api = await ApiHarness.StartAsync(DatabaseProvider.Sqlite);
        await using (var db = api.Db())
        {
            for (var i = 0; i < count; i++)
            {
                db.Audit(i % 7 == 0 ? Awkward : ApiHarness.Seed,
                    new AuditRecord("team.added", "Team", $"=team-{i}", api.A, null, new { Name = $"Team \"{i}\", Zürich\nfloor {i % 5}" }),
                    ApiHarness.Start.AddMilliseconds(i * 1.5));
            }

            await db.SaveChangesAsync();
        }

        using var officer = await ConsoleFactory.CreateClientAsAsync(api.App, "officer");
        var head = await HeadAsync(api);

        using var jsonLines = await officer.GetAsync(new Uri(JsonLines, UriKind.Relative), HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(HttpStatusCode.OK, jsonLines.StatusCode);
        Assert.Null(jsonLines.Content.Headers.ContentLength);
        var lines = Lines(await jsonLines.Content.ReadAsStringAsync());
        Assert.Equal(head.Sequence, lines.Count);
        Assert.Equal(head.Hash, lines[^1]["hash"]!.GetValue<string>());

        using var csv = await officer.GetAsync(new Uri(Csv, UriKind.Relative), HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(HttpStatusCode.OK, csv.StatusCode);
        Assert.Null(csv.Content.Headers.ContentLength);
        var rows = ParseCsv(await csv.Content.ReadAsStringAsync());
        var header = rows[0];
        Assert.Equal(["sequence", "at_utc", "actor_id", "actor_name", "actor_role", "source_ip", "workspace_id", "action", "target_type", "target_id", "before", "after", "previous_hash", "hash"], header);
        var bySequence = rows.Skip(1).ToDictionary(r => long.Parse(r[0], System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(head.Sequence, bySequence.Count);
        var linked = 0;
        foreach (var (sequence, row) in bySequence)
        {
            Assert.Equal(14, row.Length);
            if (bySequence.TryGetValue(sequence - 1, out var prior))
            {
                Assert.Equal(prior[13], row[12]);
                linked++;
            }
        }

        Assert.Equal(head.Sequence - 1, linked);

        // The CSV holds the same entries as the JSON Lines file: same times (to the millisecond), same hashes.
        foreach (var line in lines)
        {
            var row = bySequence[line["sequence"]!.GetValue<long>()];
            Assert.Equal(line["at"]!.GetValue<string>(), row[1]);
            Assert.Equal(line["hash"]!.GetValue<string>(), row[13]);
            Assert.Equal(line["previousHash"]!.GetValue<string>(), row[12]);
        }

        var awkwardRow = bySequence.Values.First(r => r[2] == "actor-ü");
        Assert.Equal(AwkwardName, awkwardRow[3]);
        Assert.StartsWith("'=team-", awkwardRow[9], StringComparison.Ordinal);
        Assert.Matches(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$", awkwardRow[1]);
    }

    [Fact]
    public async Task JsonLines_AppliesThePagesFilters_InAscendingOrder()
    {
        await using var api = await ApiHarness.StartAsync(DatabaseProvider.Sqlite);
        await SeedAwkwardChangesAsync(api);
        using var officer = await ConsoleFactory.CreateClientAsAsync(api.App, "officer");

        var lines = Lines(await officer.GetStringAsync(new Uri($"{JsonLines}?action=team.added&workspace={api.A}", UriKind.Relative)));

        Assert.Equal(["Legal, \"EU\"", "Ops — Zürich"], lines.Select(l => JsonNode.Parse(l["after"]!.GetValue<string>())!["Name"]!.GetValue<string>()));
        var sequences = lines.Select(l => l["sequence"]!.GetValue<long>()).ToList();
        Assert.Equal(sequences.Order(), sequences);
    }

    [Theory]
    [InlineData(JsonLines + "?from=yesterday", "from")]
    [InlineData(JsonLines + "?to=2026-13-01", "to")]
    [InlineData(JsonLines + "?from=2026-12-02&to=2026-12-01", "to")]
    [InlineData(JsonLines + "?from=2026-12-02&to=2026-12-02", "to")]
    [InlineData(JsonLines + "?workspace=not-a-guid", "workspace")]
    [InlineData(Csv + "?from=02/12/2026", "from")]
    [InlineData(Csv + "?from=2026-12-02T10:00:00Z&to=2026-12-02T09:00:00Z", "to")]
    [InlineData(Csv + "?workspace=42", "workspace")]
    [InlineData(List + "?from=yesterday", "from")]
    [InlineData(List + "?from=2026-12-02&to=2026-12-01", "to")]
    [InlineData(List + "?workspace=not-a-guid", "workspace")]
    public async Task Exports_WithBadFilters_Are400ProblemDetails_NamingTheFilter(string url, string filter)
    {
        await using var api = await ApiHarness.StartAsync(DatabaseProvider.Sqlite);
        using var officer = await ConsoleFactory.CreateClientAsAsync(api.App, "officer");

        using var response = await officer.GetAsync(new Uri(url, UriKind.Relative));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(400, problem.GetProperty("status").GetInt32());
        Assert.True(problem.GetProperty("errors").TryGetProperty(filter, out _), problem.ToString());
    }

    [Fact]
    public async Task Page_LinksBothExportsForTheFilters_AndSaysHowToReverify()
    {
        await using var api = await ApiHarness.StartAsync(DatabaseProvider.Sqlite);
        using var officer = await ConsoleFactory.CreateClientAsAsync(api.App, "officer");

        var html = await officer.GetStringAsync(new Uri($"/audit?workspace={api.A}", UriKind.Relative));

        Assert.Contains($"href=\"api/console/audit/entries.csv?workspace={api.A}\"", html, StringComparison.Ordinal);
        Assert.Contains($"href=\"api/console/audit/entries.jsonl?workspace={api.A}\"", html, StringComparison.Ordinal);
        Assert.Contains(">Export as CSV</a>", html, StringComparison.Ordinal);
        Assert.Contains(">Export as JSON Lines</a>", html, StringComparison.Ordinal);
        Assert.Contains("node tools/verify-audit-chain.mjs audit-log.jsonl", html, StringComparison.Ordinal);
    }

    /// <summary>Real changes through the commands, by an actor whose name needs quoting everywhere.</summary>
    private static async Task SeedAwkwardChangesAsync(ApiHarness api)
    {
        var workspaces = api.App.Services.GetRequiredService<WorkspaceCommands>();
        api.Clock.Advance(TimeSpan.FromTicks(12_345_678));
        await workspaces.UpdateAsync(Awkward, api.A, "Acme \"Research\", Ltd. — Zürich", Plan.Enterprise);
        api.Clock.Advance(TimeSpan.FromTicks(9_999));
        await workspaces.AddTeamAsync(Awkward, api.A, "Legal, \"EU\"");
        await workspaces.AddTeamAsync(ApiHarness.Seed, api.B, "Globex R&D");
        api.Clock.Advance(TimeSpan.FromSeconds(1));
        await workspaces.AddTeamAsync(Awkward, api.A, "Ops — Zürich");
    }

    private static async Task<AuditChainHead> HeadAsync(ApiHarness api)
    {
        await using var db = api.Db();
        return await db.AuditChainHeads.AsNoTracking().SingleAsync(h => h.Id == AuditChainHead.SingletonId);
    }

    private static string? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? values.Single() : null;

    private static List<JsonObject> Lines(string body)
    {
        Assert.EndsWith("\n", body, StringComparison.Ordinal);
        return body.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonNode.Parse(l)!.AsObject()).ToList();
    }

    /// <summary>Runs the verifier as an auditor would, on a file, and returns its exit code and what it printed.</summary>
    private static async Task<(int ExitCode, string Output)> VerifyAsync(string jsonLines, params string[] arguments)
    {
        var file = Path.Combine(Path.GetTempPath(), $"audit-log-{Guid.NewGuid():N}.jsonl");
        await File.WriteAllTextAsync(file, jsonLines, new UTF8Encoding(false));
        try
        {
            var start = new ProcessStartInfo("node") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            start.ArgumentList.Add(Path.Combine(ConsoleServer.RepositoryRoot, "tools", "verify-audit-chain.mjs"));
            start.ArgumentList.Add(file);
            foreach (var argument in arguments)
                start.ArgumentList.Add(argument);
            using var process = Process.Start(start)!;
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));
            return (process.ExitCode, await stdout + await stderr);
        }
        finally
        {
            File.Delete(file);
        }
    }

    /// <summary>The verifier run by someone holding the console's chain key, given to it in a file.</summary>
    private static async Task<(int ExitCode, string Output)> VerifyWithKeyAsync(ApiHarness api, string jsonLines, params string[] arguments)
    {
        var keyFile = Path.Combine(Path.GetTempPath(), $"chain-key-{Guid.NewGuid():N}");
        await File.WriteAllTextAsync(keyFile, api.App.Services.GetRequiredService<Microsoft.Extensions.Configuration.IConfiguration>()["Audit:ChainKey"]);
        try
        {
            return await VerifyAsync(jsonLines, ["--key-file", keyFile, .. arguments]);
        }
        finally
        {
            File.Delete(keyFile);
        }
    }

    /// <summary>RFC 4180: quoted cells may hold commas, doubled quotes and line breaks; rows end with CRLF.</summary>
    private static List<string[]> ParseCsv(string text)
    {
        var rows = new List<string[]>();
        var row = new List<string>();
        var cell = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < text.Length && text[i + 1] == '"')
                {
                    cell.Append('"');
                    i++;
                }
                else if (c == '"')
                {
                    quoted = false;
                }
                else
                {
                    cell.Append(c);
                }
            }
            else if (c == '"')
            {
                quoted = true;
            }
            else if (c == ',')
            {
                row.Add(cell.ToString());
                cell.Clear();
            }
            else if (c == '\r' && i + 1 < text.Length && text[i + 1] == '\n')
            {
                row.Add(cell.ToString());
                cell.Clear();
                rows.Add([.. row]);
                row.Clear();
                i++;
            }
            else
            {
                cell.Append(c);
            }
        }

        Assert.False(quoted, "The CSV ends inside a quoted cell.");
        Assert.True(cell.Length == 0 && row.Count == 0, "The CSV's last row does not end with CRLF.");
        return rows;
    }
}
