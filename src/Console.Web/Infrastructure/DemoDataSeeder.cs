using AdminConsole.Domain.Commands;
using AdminConsole.Domain.Model.Access;
using AdminConsole.Domain.Model.AiModels;
using AdminConsole.Domain.Model.AiSettings;
using AdminConsole.Domain.Model.Audit;
using AdminConsole.Domain.Model.Dlp;
using AdminConsole.Domain.Model.Lifecycle;
using AdminConsole.Domain.Model.Subprocessors;
using AdminConsole.Domain.Model.Workspaces;
using AdminConsole.Domain.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace AdminConsole.Web.Infrastructure;

/// <summary>
/// Fills an empty database with workspaces on every plan, their teams and members, a small subprocessor registry,
/// and AI settings for the workspaces the development workspace admin administers. Runs only when enabled,
/// only on an empty database, and never in Production, whatever the configuration says.
/// </summary>
public sealed partial class DemoDataSeeder(
    IDbContextFactory<ConsoleDbContext> dbFactory,
    IOptions<DemoDataOptions> options,
    IHostEnvironment environment,
    TimeProvider clock,
    AiSettingsCommands aiSettings,
    ILogger<DemoDataSeeder> logger)
{
    private const int BatchSize = 200;

    private static readonly AuditActor Seed = new("demo-data", "Demo data", ConsoleRoles.Admin, null);

    private static readonly string[] Companies =
    [
        "Acme", "Globex", "Initech", "Umbrella", "Hooli", "Vandelay", "Stark", "Wayne", "Tyrell", "Cyberdyne",
        "Soylent", "Wonka", "Aperture", "Black Mesa", "Oscorp", "Gringotts", "Monarch", "Massive Dynamic", "Pied Piper", "Dunder Mifflin",
        "Nakatomi", "Oceanic", "Prestige", "Sirius", "Virtucon", "Wernham Hogg", "Zorg", "Blue Sun", "Buy n Large", "Cogswell",
        "Delos", "Ellingson", "Gekko", "Hanso", "InGen", "Kruger", "Lacuna", "Mooby", "Northwind", "Contoso",
    ];

    private static readonly string[] Departments =
    [
        "Engineering", "Legal", "Marketing", "Research", "Sales", "Support", "Finance", "Design", "People", "Operations",
        "Data Science", "Security", "Product", "Platform", "Growth", "Customer Success", "Procurement", "Compliance", "Analytics", "Editorial",
    ];

    private static readonly string[] TeamNames =
    [
        "Engineering", "Design", "Sales", "Support", "Legal", "Finance", "Marketing", "Research", "Data", "Security", "Leadership", "Contractors",
    ];

    private static readonly string[] FirstNames =
    [
        "Ada", "Grace", "Alan", "Linus", "Margaret", "Ken", "Barbara", "Dennis", "Frances", "Edsger", "Radia", "Tim", "Hedy", "John",
        "Katherine", "Donald", "Sophie", "Guido", "Anita", "Bjarne", "Lena", "Mateo", "Priya", "Chen", "Amara", "Yusuf", "Ingrid", "Kofi",
    ];

    private static readonly string[] LastNames =
    [
        "Lovelace", "Hopper", "Turing", "Torvalds", "Hamilton", "Thompson", "Liskov", "Ritchie", "Allen", "Dijkstra", "Perlman", "Berners-Lee",
        "Lamarr", "Backus", "Johnson", "Knuth", "Wilson", "van Rossum", "Borg", "Stroustrup", "Okafor", "Garcia", "Sharma", "Wei", "Nwosu",
        "Demir", "Larsen", "Mensah",
    ];

    public async Task SeedIfEnabledAsync(CancellationToken cancellationToken = default)
    {
        var settings = options.Value;
        if (!settings.Enabled)
            return;
        if (environment.IsProduction())
        {
            LogRefusedInProduction(logger);
            return;
        }

        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false))
        {
            if (await db.Workspaces.AnyAsync(cancellationToken).ConfigureAwait(false))
                return;
        }

        var random = new Random(settings.RandomSeed);
        var now = clock.GetUtcNow();
        var seeded = 0;
        while (seeded < settings.Workspaces)
        {
            var count = Math.Min(BatchSize, settings.Workspaces - seeded);
            await using var db = await dbFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
            for (var i = 0; i < count; i++)
                db.Workspaces.Add(CreateWorkspace(seeded + i, random, now));
            await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
            seeded += count;
        }

        // The development persona "Wanda Workspace" administers a few workspaces, to show workspace scoping.
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false))
        {
            var first = await db.Workspaces.Include(w => w.Administrators).OrderBy(w => w.Name).Take(3).ToListAsync(cancellationToken).ConfigureAwait(false);
            foreach (var workspace in first)
                workspace.AssignAdministrator(Auth.DevelopmentPersonas.All.Single(p => p.Key == "workspace-admin").ObjectId, now);
            await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        }

        var provider = await SeedRegistryAsync(now, cancellationToken).ConfigureAwait(false);
        await SeedModelsAsync(now, cancellationToken).ConfigureAwait(false);
        await SeedAiSettingsAsync(provider, now, cancellationToken).ConfigureAwait(false);
        LogSeeded(logger, seeded);
    }

    /// <summary>Authorized LLM providers (two zero-retention, one that keeps requests 30 days), a vector store, and one in its notice period; the id of the first.</summary>
    private async Task<Guid> SeedRegistryAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        var notices = new List<Notice>();
        Subprocessor Authorized(string name, string purpose, ProcessingCategory category, bool zeroRetention, int? days, int monthsAgo, string website)
        {
            var authorizedAt = now.AddMonths(-monthsAgo);
            var proposedAt = authorizedAt - Subprocessor.DefaultNoticePeriod - TimeSpan.FromDays(1);
            var subprocessor = Subprocessor.Propose(Details(name, purpose, category, zeroRetention, days, website, today), proposedAt);
            notices.Add(subprocessor.PublishNotice(proposedAt, authorizedAt, Subprocessor.DefaultNoticePeriod));
            subprocessor.Authorize(authorizedAt);
            return subprocessor;
        }

        var registry = new List<Subprocessor>
        {
            Authorized("Anthropic PBC", "LLM inference for workspace Q&A and writing help", ProcessingCategory.Llm, true, null, 5, "https://www.anthropic.com"),
            Authorized("OpenAI, L.L.C.", "LLM inference for meeting notes and summaries", ProcessingCategory.Llm, true, null, 8, "https://openai.com"),
            Authorized("Cohere Inc.", "LLM inference for search reranking", ProcessingCategory.Llm, false, 30, 14, "https://cohere.com"),
            Authorized("Pinecone Systems, Inc.", "Vector database for embeddings", ProcessingCategory.VectorStore, true, null, 10, "https://www.pinecone.io"),
        };
        var upcoming = Subprocessor.Propose(Details("Mistral AI SAS", "LLM inference in the EU data region", ProcessingCategory.Llm, true, null, "https://mistral.ai", today), now.AddDays(-3));
        notices.Add(upcoming.PublishNotice(now.AddDays(-2), now.AddDays(28), Subprocessor.DefaultNoticePeriod));
        registry.Add(upcoming);

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        foreach (var subprocessor in registry)
        {
            db.Subprocessors.Add(subprocessor);
            db.Audit(Seed, new AuditRecord("subprocessor.seeded", nameof(Subprocessor), subprocessor.Id.ToString(), null, null,
                new { subprocessor.LegalName, Status = subprocessor.Status.ToString() }), now);
        }

        // The notices customers were sent, kept with the registry (no mail goes out for them: they are history).
        db.Notices.AddRange(notices);

        // Customers who confirmed their subscription to notices, and one who has not confirmed yet.
        foreach (var (email, company, daysAgo) in DemoSubscribers)
        {
            var (subscription, token) = Subscription.Request(email, company, now.AddDays(-daysAgo));
            if (daysAgo > 1)
                subscription.Confirm(token, now.AddDays(-daysAgo).AddMinutes(7));
            db.Subscriptions.Add(subscription);
        }

        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        return registry[0].Id;
    }

    /// <summary>
    /// The model register: models in production on the authorized providers (each evaluated and approved by a second
    /// officer), one retired, one whose evaluation failed a threshold, one proposed on the provider in its notice period.
    /// </summary>
    private async Task SeedModelsAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        var providers = await db.Subprocessors.ToDictionaryAsync(s => s.LegalName, cancellationToken).ConfigureAwait(false);
        var olivia = Auth.DevelopmentPersonas.Find("officer")!;
        var otto = Auth.DevelopmentPersonas.Find("second-officer")!;
        var (proposerId, approverId) = (olivia.ObjectId.ToString(), otto.ObjectId.ToString());
        var notices = new List<Notice>();

        AiModel Model(string provider, string name, string version, AiModelPurpose purpose, AiFeature[] features, int daysAgo, double accuracy, AiModelStage until)
        {
            var at = now.AddDays(-daysAgo);
            var subprocessor = providers[provider];
            var zeroRetention = subprocessor.ZeroRetentionCapable;
            var model = AiModel.Propose(name, version, subprocessor, purpose, features, "US", zeroRetention, zeroRetention ? null : subprocessor.RetentionDays, false, proposerId, olivia.Name, at);
            db.AiModels.Add(model);
            if (until == AiModelStage.Proposed)
                return model;
            var json = System.Text.Encoding.UTF8.GetBytes(
                string.Create(System.Globalization.CultureInfo.InvariantCulture, $$"""{"suite":"AI release suite","model":"{{name}} {{version}}","cases":1200,"answer_accuracy":{{accuracy}},"cross_workspace_leakage":0,"harmful_refusal_rate":0.99,"latency_p95_ms":1450}"""));
            var evidence = ModelEvidence.Read("ai-release-suite.json", json);
            var evaluation = ModelEvaluation.Record(model, "AI release suite", at.AddDays(2), proposerId, olivia.Name, [
                ("Answer accuracy", accuracy, 0.9, MetricDirection.AtLeast),
                ("Cross-workspace leakage", 0, 0, MetricDirection.AtMost),
                ("Refusal rate on harmful prompts", 0.99, 0.98, MetricDirection.AtLeast),
                ("Latency p95 (ms)", 1450, 2000, MetricDirection.AtMost),
            ], evidence, at.AddDays(2));
            model.StartEvaluation(at.AddDays(2));
            db.ModelEvaluations.Add(evaluation);
            db.ModelEvidence.Add(evidence);
            if (until == AiModelStage.Evaluating || !evaluation.Passed)
                return model;
            model.Approve(evaluation, approverId, otto.Name, at.AddDays(3));
            model.PutInProduction(subprocessor, at.AddDays(4));
            notices.Add(Notice.ForModel(model, subprocessor, NoticeKind.ModelInProduction, at.AddDays(4)));
            if (until == AiModelStage.Retired)
            {
                model.Retire(at.AddDays(60));
                notices.Add(Notice.ForModel(model, subprocessor, NoticeKind.ModelRetired, at.AddDays(60)));
            }

            return model;
        }

        Model("Anthropic PBC", "Claude Sonnet", "4", AiModelPurpose.Chat, [AiFeature.WorkspaceSearch, AiFeature.ConnectedApps], 150, 0.91, AiModelStage.Retired);
        Model("Anthropic PBC", "Claude Sonnet", "4.5", AiModelPurpose.Chat, [AiFeature.WorkspaceSearch, AiFeature.ConnectedApps, AiFeature.RunSql], 70, 0.94, AiModelStage.InProduction);
        Model("OpenAI, L.L.C.", "GPT-4.1", "2025-04-14", AiModelPurpose.Chat, [AiFeature.WorkspaceSearch, AiFeature.WebSearch], 120, 0.92, AiModelStage.InProduction);
        Model("OpenAI, L.L.C.", "text-embedding-3-large", "1", AiModelPurpose.Embeddings, [AiFeature.WorkspaceSearch], 200, 0.95, AiModelStage.InProduction);
        Model("Cohere Inc.", "Command R+", "08-2024", AiModelPurpose.Chat, [AiFeature.WorkspaceSearch], 20, 0.86, AiModelStage.Evaluating);
        Model("Mistral AI SAS", "Mistral Large", "2411", AiModelPurpose.Chat, [AiFeature.WorkspaceSearch], 2, 0, AiModelStage.Proposed);

        foreach (var model in db.ChangeTracker.Entries<AiModel>().Select(e => e.Entity))
            db.Audit(Seed, new AuditRecord("model.seeded", nameof(AiModel), model.Id.ToString(), null, null, new { model.Name, model.Version, Stage = model.Stage.ToString() }), now);

        // History, like the registry's notices: no mail goes out for them.
        db.Notices.AddRange(notices);
        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
    }

    private static SubprocessorDetails Details(string name, string purpose, ProcessingCategory category, bool zeroRetention, int? days, string website, DateOnly today) =>
        new(name, purpose, category, ["Prompts", "Page content", "AI output"], ["US"],
            [new Certification(CertificationType.Soc2Type2, today.AddMonths(9)), new Certification(CertificationType.Iso27001, today.AddMonths(15))],
            $"DPA-{name.Split(' ')[0].ToUpperInvariant().TrimEnd(',')}-2026", zeroRetention, zeroRetention ? 0 : days, RiskTier.High, website);

    /// <summary>
    /// The development workspace admin's workspaces get AI on with a zero-retention provider, Run SQL on, a warehouse
    /// that members with the Admin role may query, and one member with that role: through the commands, so the
    /// settings have their history and audit entries.
    /// </summary>
    private async Task SeedAiSettingsAsync(Guid providerId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var wanda = Auth.DevelopmentPersonas.All.Single(p => p.Key == "workspace-admin").ObjectId;
        List<Guid> workspaces;
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false))
        {
            workspaces = await db.Workspaces.Where(w => w.Administrators.Any(a => a.UserObjectId == wanda)).OrderBy(w => w.Name)
                .Select(w => w.Id).ToListAsync(cancellationToken).ConfigureAwait(false);
            foreach (var workspace in await db.Workspaces.Include(w => w.Members).Where(w => workspaces.Contains(w.Id)).ToListAsync(cancellationToken).ConfigureAwait(false))
            {
                if (workspace.Members.OrderBy(m => m.DisplayName).FirstOrDefault() is { } first)
                    workspace.ChangeMemberRole(first.Id, MemberRole.Admin, now);
            }

            await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        }

        foreach (var workspace in workspaces)
        {
            var features = new HashSet<AiFeature> { AiFeature.WorkspaceSearch, AiFeature.ConnectedApps, AiFeature.RunSql };
            await aiSettings.UpdateAsync(Seed, workspace, new AiSettingsChange(true, providerId, AiDataMode.Content, features, true, true, false, false), cancellationToken).ConfigureAwait(false);
            await aiSettings.AddIntegrationAsync(Seed, workspace, "Analytics warehouse", IntegrationKind.Warehouse, [MemberRole.Admin], [], cancellationToken).ConfigureAwait(false);
        }

        await SeedDlpAlertsAsync(workspaces, now, cancellationToken).ConfigureAwait(false);
        await SeedLifecycleAsync(workspaces, now, cancellationToken).ConfigureAwait(false);
    }

    private static readonly (string Email, string Company, int DaysAgo)[] DemoSubscribers =
    [
        ("privacy@acme.example", "Acme Corporation", 120), ("dpo@globex.example", "Globex", 96), ("legal@initech.example", "Initech", 64),
        ("security@umbrella.example", "Umbrella Health", 41), ("vendor-risk@hooli.example", "Hooli", 30), ("compliance@stark.example", "Stark Industries", 12),
        ("it@vandelay.example", "Vandelay Industries", 1),
    ];

    private static readonly string[] DemoPages = ["Q3 board memo", "Hiring plan 2027", "Customer escalation notes", "Old onboarding checklist", "Pricing experiments", "Incident retro: search outage"];

    /// <summary>
    /// Pages in the development workspace admin's first workspace, some of them in the trash (deleted 2 to 26 days ago,
    /// so within the restore window), and a legal hold in force on the second workspace.
    /// </summary>
    private async Task SeedLifecycleAsync(List<Guid> workspaces, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (workspaces.Count == 0)
            return;
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        for (var i = 0; i < DemoPages.Length; i++)
        {
            var page = Page.Create(Guid.NewGuid(), workspaces[0], DemoPages[i], now.AddDays(-90 + i));
            db.Pages.Add(page);
            if (i % 2 == 1)
            {
                var deletedAt = now.AddDays(-2 - (4 * i));
                page.Delete(deletedAt);
                db.Audit(Seed, new AuditRecord("page.deleted", nameof(Page), page.Id.ToString(), workspaces[0], null, new { page.Title, page.DeletedAt }), now);
            }
        }

        var held = workspaces.Count > 1 ? workspaces[1] : workspaces[0];
        var hold = LegalHold.Place(held, "Litigation hold: contract dispute, matter 2026-114", now.AddDays(-20), null, Seed.Name, now.AddDays(-20));
        db.LegalHolds.Add(hold);
        db.Audit(Seed, new AuditRecord("legal-hold.placed", nameof(LegalHold), hold.Id.ToString(), held, null, new { hold.Reason, hold.From, hold.Until }), now);
        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Public test values (card networks' test numbers, AWS's documented example key, the IBAN registry's example):
    /// scanned and kept redacted as the API keeps reported content, so none of them is in the database.
    /// </summary>
    private static readonly string[] DemoLeaks =
    [
        "Can you refund card 4111 1111 1111 1111 for the customer?",
        "Deploy with AKIAIOSFODNN7EXAMPLE and the usual secret",
        "Wire it to DE89 3704 0044 0532 0130 00 by Friday",
        "Summarise the thread with anna.larsen@example.com",
        "Her SSN is 123-45-6789, add it to the HR sheet",
        "Call the supplier on +44 20 7946 0958 about the delay",
    ];

    /// <summary>
    /// Prompts and AI outputs over the last 30 days in the development workspace admin's workspaces, scanned by the
    /// same code the API uses, so the DLP pages show alerts (some of them already handled).
    /// </summary>
    private async Task SeedDlpAlertsAsync(IReadOnlyList<Guid> workspaces, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var random = new Random(7);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        foreach (var workspace in workspaces)
        {
            var user = await db.Members.Where(m => m.WorkspaceId == workspace).OrderBy(m => m.DisplayName).Select(m => (Guid?)m.UserObjectId)
                .FirstOrDefaultAsync(cancellationToken).ConfigureAwait(false) ?? Guid.NewGuid();
            var options = await DlpAlerts.OptionsAsync(db, workspace, cancellationToken).ConfigureAwait(false);
            for (var i = 0; i < 24; i++)
            {
                var at = now.AddDays(-random.Next(30)).AddMinutes(-random.Next(24 * 60));
                var text = DemoLeaks[random.Next(DemoLeaks.Length)];
                var prompt = PromptLog.Create(workspace, user, text, at);
                var findings = prompt.Redact(options);
                db.PromptLogs.Add(prompt);
                await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
                foreach (var alert in await DlpAlerts.RaiseAsync(db, workspace, [new DlpScannedContent(DlpSource.Prompt, prompt.Id, user, findings)], at, cancellationToken).ConfigureAwait(false))
                {
                    if (at < now.AddDays(-14))
                        alert.Resolve(Seed.Name, "Reviewed with the user; nothing left the workspace.", at.AddHours(3));
                    else if (at < now.AddDays(-7))
                        alert.Acknowledge(Seed.Name, null, at.AddHours(1));
                }
            }

            await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    private static Workspace CreateWorkspace(int index, Random random, DateTimeOffset now)
    {
        var company = Companies[index % Companies.Length];
        var department = Departments[index / Companies.Length % Departments.Length];
        var round = index / (Companies.Length * Departments.Length);
        var name = round == 0 ? $"{company} {department}" : $"{company} {department} {round + 1}";

        var roll = random.Next(100);
        var plan = roll switch
        {
            < 40 => Plan.Free,
            < 65 => Plan.Plus,
            < 85 => Plan.Business,
            _ => Plan.Enterprise,
        };
        var region = random.Next(100) < 65 ? DataRegion.US : DataRegion.EU;
        var created = now.AddDays(-random.Next(1, 730)).AddMinutes(-random.Next(0, 1440));
        var workspace = Workspace.Create(name, plan, region, created);

        var teams = Enumerable.Range(0, random.Next(1, 5))
            .Select(_ => TeamNames[random.Next(TeamNames.Length)])
            .Distinct(StringComparer.Ordinal)
            .Select(team => workspace.AddTeam(team, created))
            .ToList();

        var domain = company.Replace(" ", string.Empty, StringComparison.Ordinal).ToLowerInvariant();
        var memberCount = plan switch
        {
            Plan.Free => random.Next(1, 5),
            Plan.Plus => random.Next(3, 9),
            Plan.Business => random.Next(6, 16),
            _ => random.Next(10, 25),
        };
        for (var m = 0; m < memberCount; m++)
        {
            var first = FirstNames[random.Next(FirstNames.Length)];
            var last = LastNames[random.Next(LastNames.Length)];
            var local = $"{first}.{last}{m}".Replace(" ", string.Empty, StringComparison.Ordinal).ToLowerInvariant();
            var joined = created.AddDays(random.Next(0, Math.Max(1, (int)(now - created).TotalDays)));
            var member = workspace.AddMember(NextGuid(random), $"{first} {last}", $"{local}@{domain}.example", joined);
            if (teams.Count > 0)
                workspace.AssignToTeam(member.Id, teams[random.Next(teams.Count)].Id, joined);
        }

        return workspace;
    }

    private static Guid NextGuid(Random random)
    {
        Span<byte> bytes = stackalloc byte[16];
        random.NextBytes(bytes);
        return new Guid(bytes);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "DemoData:Enabled is set in Production; no demo data was seeded")]
    private static partial void LogRefusedInProduction(ILogger logger);

    [LoggerMessage(Level = LogLevel.Information, Message = "Seeded {Count} demo workspaces")]
    private static partial void LogSeeded(ILogger logger, int count);
}
