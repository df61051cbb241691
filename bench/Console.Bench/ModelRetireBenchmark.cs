using System.Diagnostics;
using AdminConsole.Domain.Commands;
using AdminConsole.Domain.Model.AiModels;
using AdminConsole.Domain.Model.AiSettings;
using AdminConsole.Domain.Model.Audit;
using AdminConsole.Domain.Model.Retention;
using AdminConsole.Domain.Model.Subprocessors;
using AdminConsole.Domain.Model.Workspaces;
using AdminConsole.Domain.Persistence;
using AdminConsole.TestSupport;
using Microsoft.EntityFrameworkCore;

namespace AdminConsole.Bench;

/// <summary>
/// Retiring a model that 2,400 and 10,000 workspaces chose: the retirement moves each to its fallback with a settings
/// version and an audit entry, in one transaction with the notice. The baseline, on a fresh copy of the same data in the
/// same round, is one raw UPDATE of the same column (no version, no audit entry, no notice).
/// </summary>
internal static class ModelRetireBenchmark
{
    public static readonly int[] WorkspaceCounts = [2_400, 10_000];

    private static readonly AuditActor Officer = new("officer-1", "Olivia Officer", "ComplianceOfficer", null);

    public static async Task RunAsync()
    {
        var providers = new List<DatabaseProvider> { DatabaseProvider.Sqlite };
        if (Environment.GetEnvironmentVariable(TestDatabase.PostgresVariable) is { Length: > 0 })
            providers.Add(DatabaseProvider.Postgres);

        Report.Section("AI models: retiring a model that every workspace chose (fallback, version and audit entry each)");
        const int rounds = 3;
        foreach (var count in WorkspaceCounts)
        {
            foreach (var provider in providers)
            {
                var retire = new List<double>();
                var raw = new List<double>();
                for (var round = 1; round <= rounds; round++)
                {
                    var baseline = await MeasureAsync(provider, count, rawUpdate: true);
                    var measured = await MeasureAsync(provider, count, rawUpdate: false);
                    raw.Add(baseline);
                    retire.Add(measured);
                    Report.Line($"- {provider}, {count:N0} workspaces, round {round}: raw UPDATE {baseline:N0} ms; retirement {measured:N0} ms ({measured / count * 1000:N0} µs per workspace)");
                }

                Report.Line($"- {provider}, {count:N0} workspaces, median of {rounds}: raw UPDATE {Report.Median(raw):N0} ms, retirement {Report.Median(retire):N0} ms");
            }
        }
    }

    private static async Task<double> MeasureAsync(DatabaseProvider provider, int count, bool rawUpdate)
    {
        await using var database = await TestDatabase.CreateAsync(provider, pooled: true);
        await database.MigrateAsync();
        var (retired, fallback) = await SeedAsync(database, count);
        var watch = Stopwatch.StartNew();
        if (rawUpdate)
        {
            await using var db = database.CreateContext();
            var updated = await db.AiSettings.Where(s => s.WorkspaceSearchModelId == retired)
                .ExecuteUpdateAsync(u => u.SetProperty(s => s.WorkspaceSearchModelId, fallback));
            watch.Stop();
            if (updated != count)
                throw new InvalidOperationException($"updated {updated}, not {count}");
        }
        else
        {
            await new ModelCommands(database.CreateFactory(), TimeProvider.System).RetireAsync(Officer, retired);
            watch.Stop();
            await using var db = database.CreateContext();
            var moved = await db.AiSettings.CountAsync(s => s.WorkspaceSearchModelId == fallback);
            var entries = await db.AuditEntries.CountAsync(e => e.Action == AiSettingsCommands.ModelFallback);
            if (moved != count || entries != count)
                throw new InvalidOperationException($"moved {moved} and audited {entries}, not {count}");
        }

        return watch.Elapsed.TotalMilliseconds;
    }

    /// <summary>An authorized provider, two models in production, and <paramref name="count"/> workspaces on the first with the second as fallback.</summary>
    private static async Task<(Guid Retired, Guid Fallback)> SeedAsync(TestDatabase database, int count)
    {
        var now = DateTimeOffset.UtcNow;
        var provider = Subprocessor.Propose(
            new SubprocessorDetails("Anthropic PBC", "LLM inference", ProcessingCategory.Llm, ["Prompts"], ["US"], [], "DPA-7", true, 0, RiskTier.High, null), now.AddDays(-60));
        provider.PublishNotice(now.AddDays(-60), now.AddDays(-29), Subprocessor.DefaultNoticePeriod);
        provider.Authorize(now.AddDays(-29));
        AiModel Serving(string version)
        {
            var model = AiModel.Propose("Claude Sonnet", version, provider, AiModelPurpose.Chat, [AiFeature.WorkspaceSearch], "US", true, null, false, "peter", "Peter", now.AddDays(-20));
            var evaluation = ModelEvaluation.Record(model, "Release", now.AddDays(-19), "eve", "Eve", [("accuracy", 0.95, 0.9, MetricDirection.AtLeast)],
                ModelEvidence.Read("suite.csv", "metric,value\n"u8.ToArray()), now.AddDays(-19));
            model.Approve(evaluation, "olga", "Olga", now.AddDays(-18));
            model.PutInProduction(provider, now.AddDays(-17));
            return model;
        }

        var (retired, fallback) = (Serving("4"), Serving("4.5"));
        await using (var db = database.CreateContext())
        {
            db.Subprocessors.Add(provider);
            db.AiModels.AddRange(retired, fallback);
            await db.SaveChangesAsync();
        }

        var terms = RetentionTerms.DefaultFor(Plan.Business);
        for (var start = 0; start < count; start += 1_000)
        {
            await using var db = database.CreateContext();
            for (var i = start; i < Math.Min(count, start + 1_000); i++)
            {
                var workspace = Workspace.Create($"Workspace {i:D5}", Plan.Business, DataRegion.US, now);
                var settings = WorkspaceAiSettings.DefaultsFor(workspace.Id);
                settings.Apply(new AiSettingsChange(true, provider.Id, AiDataMode.Content, new HashSet<AiFeature> { AiFeature.WorkspaceSearch }, true, true, false, false),
                    Plan.Business, provider, terms, now, "Seed");
                settings.ChooseModels(new Dictionary<AiFeature, Guid?> { [AiFeature.WorkspaceSearch] = retired.Id }, fallback.Id, [retired, fallback], now, "Seed");
                db.Workspaces.Add(workspace);
                db.AiSettings.Add(settings);
            }

            await db.SaveChangesAsync();
        }

        return (retired.Id, fallback.Id);
    }
}
