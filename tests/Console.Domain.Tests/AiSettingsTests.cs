using AdminConsole.Domain.Model.AiSettings;
using AdminConsole.Domain.Model.Common;
using AdminConsole.Domain.Model.Retention;
using AdminConsole.Domain.Model.Subprocessors;
using AdminConsole.Domain.Model.Workspaces;

namespace AdminConsole.Domain.Tests;

/// <summary>The LLM providers the tables choose from, by what matters to the rules.</summary>
public enum ProviderKind
{
    None,
    ZeroRetention,
    Retains30Days,
    Retains60Days,
    RetiredAfterSave,
}

/// <summary>Whether the request names an integration, and whether the user may query it.</summary>
public enum IntegrationAccess
{
    NotNamed,
    ByRole,
    ByTeam,
    NotAllowed,
    NoUserGiven,
}

/// <summary>Whether the request names the team its data belongs to, and whether the user is in it.</summary>
public enum ResourceTeam
{
    NotNamed,
    UsersTeam,
    OtherTeam,
    NoUserGiven,
}

/// <summary>
/// One row of the decision table: a workspace's settings, the request, and the reason codes expected (none: allowed).
/// The settings are saved while every rule held (Enterprise, a zero-retention provider); the row's plan and provider
/// are what the workspace and the provider became afterwards (a plan change, new retention terms, a retirement).
/// </summary>
public sealed record PolicyRow(
    Plan Plan,
    bool Hipaa,
    ProviderKind Provider,
    bool AiEnabled,
    AiFeature[] FeaturesOn,
    bool TeamBasedAccess,
    AiFeature? Feature,
    IntegrationAccess Integration,
    ResourceTeam Team,
    string[] Expected,
    bool WorkspaceDeleted = false);

public class AiSettingsTests
{
    internal static readonly DateTimeOffset Now = new(2026, 12, 1, 9, 0, 0, TimeSpan.Zero);
    private static readonly Guid WorkspaceId = Guid.NewGuid();
    private static readonly Guid Engineering = Guid.NewGuid();
    private static readonly Guid Finance = Guid.NewGuid();
    private static readonly Guid[] Teams = [Engineering, Finance];

    private static readonly AiFeature[] AllOn = [.. AiFeatures.All];
    private static readonly AiFeature[] NoneOn = [];
    private static readonly string[] Allowed = [];
    private static readonly bool[] Both = [false, true];

    public static TheoryData<string, PolicyRow> DecisionTable() => new()
    {
        // Whether the AI runs at all.
        { "defaults: AI off, no provider", new(Plan.Business, false, ProviderKind.None, false, [AiFeature.WorkspaceSearch], true, null, IntegrationAccess.NotNamed, ResourceTeam.NotNamed, [AiPolicyCodes.AiDisabled, AiPolicyCodes.ProviderNotChosen]) },
        { "on without a provider", new(Plan.Business, false, ProviderKind.None, true, AllOn, true, null, IntegrationAccess.NotNamed, ResourceTeam.NotNamed, [AiPolicyCodes.ProviderNotChosen]) },
        { "off with a provider", new(Plan.Business, false, ProviderKind.ZeroRetention, false, AllOn, true, null, IntegrationAccess.NotNamed, ResourceTeam.NotNamed, [AiPolicyCodes.AiDisabled]) },
        { "deleted workspace", new(Plan.Business, false, ProviderKind.ZeroRetention, true, AllOn, true, null, IntegrationAccess.NotNamed, ResourceTeam.NotNamed, [AiPolicyCodes.WorkspaceDeleted], WorkspaceDeleted: true) },

        // Plan × HIPAA × provider retention.
        { "Free, 30-day provider", new(Plan.Free, false, ProviderKind.Retains30Days, true, AllOn, true, null, IntegrationAccess.NotNamed, ResourceTeam.NotNamed, Allowed) },
        { "Business, 30-day provider", new(Plan.Business, false, ProviderKind.Retains30Days, true, AllOn, true, null, IntegrationAccess.NotNamed, ResourceTeam.NotNamed, Allowed) },
        { "Business, zero-retention provider", new(Plan.Business, false, ProviderKind.ZeroRetention, true, AllOn, true, null, IntegrationAccess.NotNamed, ResourceTeam.NotNamed, Allowed) },
        { "Enterprise, zero-retention provider", new(Plan.Enterprise, false, ProviderKind.ZeroRetention, true, AllOn, true, null, IntegrationAccess.NotNamed, ResourceTeam.NotNamed, Allowed) },
        { "Enterprise + HIPAA, zero-retention provider", new(Plan.Enterprise, true, ProviderKind.ZeroRetention, true, AllOn, true, null, IntegrationAccess.NotNamed, ResourceTeam.NotNamed, Allowed) },
        { "upgraded to Enterprise on a 30-day provider", new(Plan.Enterprise, false, ProviderKind.Retains30Days, true, AllOn, true, null, IntegrationAccess.NotNamed, ResourceTeam.NotNamed, [AiPolicyCodes.ProviderRetainsData]) },
        { "Business on a provider that now keeps 60 days", new(Plan.Business, false, ProviderKind.Retains60Days, true, AllOn, true, null, IntegrationAccess.NotNamed, ResourceTeam.NotNamed, [AiPolicyCodes.ProviderRetentionExceedsPolicy]) },
        { "downgraded from Enterprise with HIPAA on", new(Plan.Business, true, ProviderKind.ZeroRetention, true, AllOn, true, null, IntegrationAccess.NotNamed, ResourceTeam.NotNamed, [AiPolicyCodes.HipaaRequiresEnterprise]) },
        { "provider retired after it was chosen", new(Plan.Enterprise, true, ProviderKind.RetiredAfterSave, true, AllOn, true, null, IntegrationAccess.NotNamed, ResourceTeam.NotNamed, [AiPolicyCodes.ProviderNotAuthorized]) },
        { "provider retired and AI off", new(Plan.Business, false, ProviderKind.RetiredAfterSave, false, AllOn, true, AiFeature.WebSearch, IntegrationAccess.NotNamed, ResourceTeam.NotNamed, [AiPolicyCodes.AiDisabled, AiPolicyCodes.ProviderNotAuthorized]) },

        // Feature toggles.
        { "workspace search on", new(Plan.Business, false, ProviderKind.ZeroRetention, true, [AiFeature.WorkspaceSearch], true, AiFeature.WorkspaceSearch, IntegrationAccess.NotNamed, ResourceTeam.NotNamed, Allowed) },
        { "web search off", new(Plan.Business, false, ProviderKind.ZeroRetention, true, [AiFeature.WorkspaceSearch], true, AiFeature.WebSearch, IntegrationAccess.NotNamed, ResourceTeam.NotNamed, [AiPolicyCodes.FeatureOff]) },
        { "connected apps off", new(Plan.Enterprise, true, ProviderKind.ZeroRetention, true, NoneOn, true, AiFeature.ConnectedApps, IntegrationAccess.NotNamed, ResourceTeam.NotNamed, [AiPolicyCodes.FeatureOff]) },
        { "feature off and AI off", new(Plan.Business, false, ProviderKind.ZeroRetention, false, NoneOn, true, AiFeature.WebSearch, IntegrationAccess.NotNamed, ResourceTeam.NotNamed, [AiPolicyCodes.AiDisabled, AiPolicyCodes.FeatureOff]) },

        // Run SQL: the admin toggle and the user's permission on the integration.
        { "Run SQL on, allowed by role", new(Plan.Business, false, ProviderKind.Retains30Days, true, [AiFeature.RunSql], true, AiFeature.RunSql, IntegrationAccess.ByRole, ResourceTeam.NotNamed, Allowed) },
        { "Run SQL on, allowed by team", new(Plan.Enterprise, true, ProviderKind.ZeroRetention, true, [AiFeature.RunSql], true, AiFeature.RunSql, IntegrationAccess.ByTeam, ResourceTeam.NotNamed, Allowed) },
        { "Run SQL on, user not allowed", new(Plan.Business, false, ProviderKind.ZeroRetention, true, [AiFeature.RunSql], true, AiFeature.RunSql, IntegrationAccess.NotAllowed, ResourceTeam.NotNamed, [AiPolicyCodes.RunSqlNoIntegrationPermission]) },
        { "Run SQL on, no user given", new(Plan.Business, false, ProviderKind.ZeroRetention, true, [AiFeature.RunSql], true, AiFeature.RunSql, IntegrationAccess.NoUserGiven, ResourceTeam.NotNamed, [AiPolicyCodes.RunSqlNoIntegrationPermission]) },
        { "Run SQL on, no integration named", new(Plan.Business, false, ProviderKind.ZeroRetention, true, [AiFeature.RunSql], true, AiFeature.RunSql, IntegrationAccess.NotNamed, ResourceTeam.NotNamed, [AiPolicyCodes.RunSqlIntegrationRequired]) },
        { "Run SQL off, user allowed", new(Plan.Business, false, ProviderKind.ZeroRetention, true, [AiFeature.WorkspaceSearch], true, AiFeature.RunSql, IntegrationAccess.ByRole, ResourceTeam.NotNamed, [AiPolicyCodes.FeatureOff]) },
        { "Run SQL off, user not allowed", new(Plan.Business, false, ProviderKind.ZeroRetention, true, NoneOn, true, AiFeature.RunSql, IntegrationAccess.NotAllowed, ResourceTeam.NotNamed, [AiPolicyCodes.FeatureOff, AiPolicyCodes.RunSqlNoIntegrationPermission]) },
        { "Run SQL on, allowed, Enterprise on a 30-day provider", new(Plan.Enterprise, false, ProviderKind.Retains30Days, true, AllOn, true, AiFeature.RunSql, IntegrationAccess.ByRole, ResourceTeam.NotNamed, [AiPolicyCodes.ProviderRetainsData]) },
        { "connected apps on an integration the user may not query", new(Plan.Business, false, ProviderKind.ZeroRetention, true, AllOn, true, AiFeature.ConnectedApps, IntegrationAccess.NotAllowed, ResourceTeam.NotNamed, [AiPolicyCodes.IntegrationNoPermission]) },
        { "connected apps on an integration the user's team may query", new(Plan.Business, false, ProviderKind.ZeroRetention, true, AllOn, true, AiFeature.ConnectedApps, IntegrationAccess.ByTeam, ResourceTeam.NotNamed, Allowed) },

        // Team-based data access.
        { "team access on, user in the team", new(Plan.Business, false, ProviderKind.ZeroRetention, true, AllOn, true, AiFeature.WorkspaceSearch, IntegrationAccess.NotNamed, ResourceTeam.UsersTeam, Allowed) },
        { "team access on, user not in the team", new(Plan.Business, false, ProviderKind.ZeroRetention, true, AllOn, true, AiFeature.WorkspaceSearch, IntegrationAccess.NotNamed, ResourceTeam.OtherTeam, [AiPolicyCodes.TeamAccess]) },
        { "team access on, no user given", new(Plan.Business, false, ProviderKind.ZeroRetention, true, AllOn, true, AiFeature.WorkspaceSearch, IntegrationAccess.NotNamed, ResourceTeam.NoUserGiven, [AiPolicyCodes.TeamAccess]) },
        { "team access off, user not in the team", new(Plan.Business, false, ProviderKind.ZeroRetention, true, AllOn, false, AiFeature.WorkspaceSearch, IntegrationAccess.NotNamed, ResourceTeam.OtherTeam, Allowed) },
        { "everything wrong at once", new(Plan.Business, true, ProviderKind.Retains60Days, false, NoneOn, true, AiFeature.RunSql, IntegrationAccess.NotAllowed, ResourceTeam.OtherTeam,
            [AiPolicyCodes.AiDisabled, AiPolicyCodes.ProviderRetainsData, AiPolicyCodes.HipaaRequiresEnterprise, AiPolicyCodes.FeatureOff, AiPolicyCodes.RunSqlNoIntegrationPermission, AiPolicyCodes.TeamAccess]) },
    };

    [Theory]
    [MemberData(nameof(DecisionTable))]
    public void EffectivePolicy_DecidesEachRowOfTheTable_WithExactlyItsReasons(string row, PolicyRow r)
    {
        ArgumentNullException.ThrowIfNull(r);
        var decision = Decide(r);

        Assert.True(r.Expected.SequenceEqual(decision.Reasons.Select(x => x.Code)), $"{row}: got [{string.Join(", ", decision.Reasons.Select(x => x.Code))}]");
        Assert.Equal(r.Expected.Length == 0, decision.Allowed);
        Assert.All(decision.Reasons, x => Assert.False(string.IsNullOrWhiteSpace(x.Message)));
        Assert.True(decision.Moderation);
        Assert.True(decision.Dlp);
    }

    /// <summary>Every combination of plan, HIPAA, provider, AI switch, Run SQL toggle and integration permission, checked against the published rules.</summary>
    public static IEnumerable<object[]> Combinations() =>
        from plan in Enum.GetValues<Plan>()
        from hipaa in Both
        from provider in Enum.GetValues<ProviderKind>()
        from ai in Both
        from runSql in Both
        from access in Enum.GetValues<IntegrationAccess>()
        select new object[] { plan, hipaa, provider, ai, runSql, access };

    [Theory]
    [MemberData(nameof(Combinations))]
    public void EffectivePolicy_ForRunSql_AllowsOnlyWhatEveryPublishedRuleAllows(Plan plan, bool hipaa, ProviderKind provider, bool ai, bool runSql, IntegrationAccess access)
    {
        var row = new PolicyRow(plan, hipaa, provider, ai, runSql ? [AiFeature.RunSql] : NoneOn, true, AiFeature.RunSql, access, ResourceTeam.NotNamed, Allowed);

        var decision = Decide(row);

        var zeroRetentionNeeded = plan == Plan.Enterprise || hipaa;
        var providerOk = provider switch
        {
            ProviderKind.ZeroRetention => true,
            ProviderKind.Retains30Days => !zeroRetentionNeeded,
            _ => false,
        };
        var permitted = access is IntegrationAccess.ByRole or IntegrationAccess.ByTeam;
        var expected = ai && providerOk && (!hipaa || plan == Plan.Enterprise) && runSql && permitted;
        Assert.Equal(expected, decision.Allowed);
        Assert.Equal(decision.Allowed, decision.Reasons.Count == 0);
        Assert.Equal(!runSql, decision.Reasons.Any(x => x.Code == AiPolicyCodes.FeatureOff));
        Assert.Equal(!permitted, decision.Reasons.Any(x => x.Code is AiPolicyCodes.RunSqlNoIntegrationPermission or AiPolicyCodes.RunSqlIntegrationRequired));
        Assert.Equal(hipaa ? 0 : Terms(plan).ProviderRetentionDays, decision.ProviderRetentionDays);
    }

    [Theory]
    [InlineData(Plan.Business, false, true, 30, 30)]
    [InlineData(Plan.Business, false, false, 30, 0)]
    [InlineData(Plan.Enterprise, true, true, 0, 30)]
    [InlineData(Plan.Free, false, true, 30, 30)]
    public void EffectivePolicy_ReportsTheRetentionThatApplies_AndTheProvider(Plan plan, bool hipaa, bool promptHistory, int providerDays, int historyDays)
    {
        var provider = Authorized("Anthropic PBC", zeroRetention: true);
        var settings = WorkspaceAiSettings.DefaultsFor(WorkspaceId);
        settings.Apply(Change(ai: true, provider.Id, hipaa: hipaa) with { PromptHistory = promptHistory, DataMode = AiDataMode.Content }, plan, provider, Terms(plan), Now, "Ada Admin");

        var decision = EffectivePolicy.Evaluate(new AiPolicyInput(settings, plan, true, provider, Terms(plan)));

        Assert.True(decision.Allowed);
        Assert.Equal((providerDays, historyDays), (decision.ProviderRetentionDays, decision.PromptHistoryDays));
        Assert.Equal((provider.Id, "Anthropic PBC"), (decision.ProviderId, decision.ProviderName));
        Assert.Equal(AiDataMode.Content, decision.DataMode);
        Assert.Equal(1, decision.SettingsVersion);
    }

    [Fact]
    public void Defaults_AreWhatACautiousAdminExpects()
    {
        var settings = WorkspaceAiSettings.DefaultsFor(WorkspaceId);

        Assert.False(settings.AiEnabled);
        Assert.Null(settings.ProviderId);
        Assert.Equal(AiDataMode.MetadataOnly, settings.DataMode);
        Assert.False(settings.DataSharing);
        Assert.False(settings.HipaaMode);
        Assert.False(settings.RunSql);
        Assert.True(settings.TeamBasedAccess);
        Assert.Equal(0, settings.Version);
    }

    public static TheoryData<string, string, string> Refusals() => new()
    {
        { "retired provider", nameof(WorkspaceAiSettings.ProviderId), "is retired" },
        { "provider in its notice period", nameof(WorkspaceAiSettings.ProviderId), "not authorized yet" },
        { "not an LLM provider", nameof(WorkspaceAiSettings.ProviderId), "not an LLM provider" },
        { "unknown provider", nameof(WorkspaceAiSettings.ProviderId), "not in the subprocessor registry" },
        { "HIPAA on Business", nameof(WorkspaceAiSettings.HipaaMode), "HIPAA mode needs the Enterprise plan" },
        { "data sharing under HIPAA", nameof(WorkspaceAiSettings.DataSharing), "never allowed in HIPAA mode" },
        { "Enterprise on a provider that keeps data", nameof(WorkspaceAiSettings.ProviderId), "Enterprise workspaces use only LLM providers that keep nothing" },
        { "HIPAA on a provider that keeps data", nameof(WorkspaceAiSettings.ProviderId), "HIPAA workspaces use only LLM providers that keep nothing" },
        { "Business on a provider that keeps 60 days", nameof(WorkspaceAiSettings.ProviderId), "promises at most 30 days" },
        { "unknown feature", nameof(WorkspaceAiSettings.Features), "Feature '42' is unknown" },
        { "unknown data mode", nameof(WorkspaceAiSettings.DataMode), "Data mode '7' is unknown" },
    };

    [Theory]
    [MemberData(nameof(Refusals))]
    public void Apply_ThatBreaksARule_IsRefusedNamingTheField_AndChangesNothing(string refusal, string field, string message)
    {
        var zero = Authorized("OpenAI, L.L.C.", zeroRetention: true);
        var settings = WorkspaceAiSettings.DefaultsFor(WorkspaceId);
        settings.Apply(Change(ai: true, zero.Id) with { Features = new HashSet<AiFeature> { AiFeature.WorkspaceSearch } }, Plan.Business, zero, Terms(Plan.Business), Now, "Ada Admin");
        var before = settings.Snapshot(zero.LegalName);

        var (plan, provider, change) = refusal switch
        {
            "retired provider" => Retired("Old AI Inc") is var p ? (Plan.Business, p, Change(true, p.Id)) : default,
            "provider in its notice period" => InNotice() is var p ? (Plan.Business, p, Change(true, p.Id)) : default,
            "not an LLM provider" => Authorized("Pinecone Systems", true, ProcessingCategory.VectorStore) is var p ? (Plan.Business, p, Change(true, p.Id)) : default,
            "unknown provider" => (Plan.Business, (Subprocessor?)null, Change(true, Guid.NewGuid())),
            "HIPAA on Business" => (Plan.Business, zero, Change(true, zero.Id, hipaa: true)),
            "data sharing under HIPAA" => (Plan.Enterprise, zero, Change(true, zero.Id, hipaa: true) with { DataSharing = true }),
            "Enterprise on a provider that keeps data" => Authorized("Keeps30 Ltd", false, retentionDays: 30) is var p ? (Plan.Enterprise, p, Change(true, p.Id)) : default,
            "HIPAA on a provider that keeps data" => Authorized("Keeps30 Ltd", false, retentionDays: 30) is var p ? (Plan.Enterprise, p, Change(true, p.Id, hipaa: true)) : default,
            "Business on a provider that keeps 60 days" => Authorized("Keeps60 Ltd", false, retentionDays: 60) is var p ? (Plan.Business, p, Change(true, p.Id)) : default,
            "unknown feature" => (Plan.Business, zero, Change(true, zero.Id) with { Features = new HashSet<AiFeature> { AiFeature.RunSql, (AiFeature)42 } }),
            "unknown data mode" => (Plan.Business, zero, Change(true, zero.Id) with { DataMode = (AiDataMode)7 }),
            _ => throw new ArgumentOutOfRangeException(nameof(refusal)),
        };

        var error = Assert.Throws<DomainRuleException>(() => settings.Apply(change, plan, provider, Terms(plan), Now.AddHours(1), "Mallory"));

        Assert.Equal(field, error.Field);
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
        Assert.Equal(before, settings.Snapshot(zero.LegalName), AiSnapshotComparer.Instance);
        Assert.Equal((1, "Ada Admin"), (settings.Version, settings.UpdatedBy));
    }

    [Fact]
    public void Apply_OfTheSettingsInForce_IsNoNewVersion()
    {
        var provider = Authorized("OpenAI, L.L.C.", zeroRetention: true);
        var settings = WorkspaceAiSettings.DefaultsFor(WorkspaceId);
        var change = Change(true, provider.Id, hipaa: true);

        Assert.True(settings.Apply(change, Plan.Enterprise, provider, Terms(Plan.Enterprise), Now, "Ada Admin"));
        Assert.False(settings.Apply(change with { Features = new HashSet<AiFeature>(change.Features) }, Plan.Enterprise, provider, Terms(Plan.Enterprise), Now.AddMinutes(1), "Ada Admin"));
        Assert.Equal(1, settings.Version);
        Assert.Equal(Now, settings.UpdatedAt);
    }

    [Fact]
    public void AiFeatures_Parse_AcceptsTheNamesTheApiSpells_AndRefusesOthersListingTheValidOnes()
    {
        Assert.Equal(AiFeature.RunSql, AiFeatures.Parse("run-sql", "feature"));
        Assert.Equal(AiFeature.RunSql, AiFeatures.Parse("runSql", "feature"));
        Assert.Equal(AiFeature.WebSearch, AiFeatures.Parse("WebSearch", "feature"));

        foreach (var bad in new[] { "Telepathy", "3", "", " " })
        {
            var error = Assert.Throws<DomainRuleException>(() => AiFeatures.Parse(bad, "feature"));
            Assert.Equal("feature", error.Field);
            Assert.Contains("WorkspaceSearch, WebSearch, ConnectedApps, RunSql", error.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Integration_IsClosedUntilRolesOrTeamsAreAllowed_AndOnlyTheWorkspacesTeamsCanBe()
    {
        var settings = WorkspaceAiSettings.DefaultsFor(WorkspaceId);
        var warehouse = settings.AddIntegration("Snowflake", IntegrationKind.Warehouse, null, null, Teams, Now, "Ada Admin");
        Assert.False(warehouse.Allows(MemberRole.Admin, Teams));

        Assert.True(settings.ChangeIntegrationPermissions(warehouse.Id, [MemberRole.Admin], [Finance], Teams, Now, "Ada Admin"));
        Assert.True(warehouse.Allows(MemberRole.Admin, []));
        Assert.True(warehouse.Allows(MemberRole.Guest, [Finance]));
        Assert.False(warehouse.Allows(MemberRole.Member, [Engineering]));
        Assert.False(settings.ChangeIntegrationPermissions(warehouse.Id, [MemberRole.Admin, MemberRole.Admin], [Finance], Teams, Now, "Ada Admin"));

        var unknownTeam = Assert.Throws<DomainRuleException>(() => settings.ChangeIntegrationPermissions(warehouse.Id, [], [Guid.NewGuid()], Teams, Now, "Ada Admin"));
        Assert.Equal(nameof(Integration.AllowedTeamIds), unknownTeam.Field);
        var twice = Assert.Throws<DomainRuleException>(() => settings.AddIntegration(" snowflake ", IntegrationKind.Database, null, null, Teams, Now, "Ada Admin"));
        Assert.Contains("already exists", twice.Message, StringComparison.Ordinal);
        Assert.Equal(2, settings.Version);
        Assert.Same(warehouse, settings.FindIntegration("SNOWFLAKE"));
    }

    private static AiPolicyDecision Decide(PolicyRow r)
    {
        var provider = r.Provider == ProviderKind.None ? null : Authorized("Some AI Inc", zeroRetention: true);
        var settings = WorkspaceAiSettings.DefaultsFor(WorkspaceId);
        settings.Apply(
            new AiSettingsChange(r.AiEnabled, provider?.Id, AiDataMode.MetadataOnly, r.FeaturesOn.ToHashSet(), r.TeamBasedAccess, true, false, r.Hipaa),
            Plan.Enterprise, provider, Terms(Plan.Enterprise), Now, "Ada Admin");
        var integration = settings.AddIntegration("Snowflake", IntegrationKind.Warehouse, [MemberRole.Admin], [Finance], Teams, Now, "Ada Admin");
        switch (r.Provider)
        {
            case ProviderKind.Retains30Days:
                provider!.UpdateDetails(Details("Some AI Inc", false, ProcessingCategory.Llm, 30), Now.AddDays(1));
                break;
            case ProviderKind.Retains60Days:
                provider!.UpdateDetails(Details("Some AI Inc", false, ProcessingCategory.Llm, 60), Now.AddDays(1));
                break;
            case ProviderKind.RetiredAfterSave:
                provider!.Retire(Now.AddDays(1));
                break;
        }

        var role = r.Integration == IntegrationAccess.ByRole ? MemberRole.Admin : MemberRole.Member;
        var userTeams = r.Integration == IntegrationAccess.ByTeam ? new[] { Engineering, Finance } : [Engineering];
        var noUser = r.Integration == IntegrationAccess.NoUserGiven || r.Team == ResourceTeam.NoUserGiven;
        var user = noUser ? null : new AiPolicyUser(Guid.NewGuid(), role, userTeams);
        Guid? resourceTeam = r.Team switch
        {
            ResourceTeam.UsersTeam or ResourceTeam.NoUserGiven => Engineering,
            ResourceTeam.OtherTeam => Guid.NewGuid(),
            _ => null,
        };
        return EffectivePolicy.Evaluate(new AiPolicyInput(
            settings, r.Plan, !r.WorkspaceDeleted, provider, Terms(r.Plan), user, r.Feature, resourceTeam,
            r.Integration == IntegrationAccess.NotNamed ? null : integration));
    }

    internal static AiSettingsChange Change(bool ai, Guid? provider, bool hipaa = false) =>
        new(ai, provider, AiDataMode.MetadataOnly, new HashSet<AiFeature> { AiFeature.WorkspaceSearch, AiFeature.RunSql }, true, true, false, hipaa);

    private static RetentionTerms Terms(Plan plan) => RetentionTerms.DefaultFor(plan);

    internal static Subprocessor Authorized(string name, bool zeroRetention, ProcessingCategory category = ProcessingCategory.Llm, int? retentionDays = null)
    {
        var subprocessor = InNotice(name, zeroRetention, category, retentionDays);
        subprocessor.Authorize(Now.AddDays(-30));
        return subprocessor;
    }

    private static Subprocessor InNotice(string name = "Upcoming AI Inc", bool zeroRetention = true, ProcessingCategory category = ProcessingCategory.Llm, int? retentionDays = null)
    {
        var subprocessor = Subprocessor.Propose(Details(name, zeroRetention, category, retentionDays), Now.AddDays(-90));
        subprocessor.PublishNotice(Now.AddDays(-60), Now.AddDays(-30), Subprocessor.DefaultNoticePeriod);
        return subprocessor;
    }

    private static SubprocessorDetails Details(string name, bool zeroRetention, ProcessingCategory category, int? retentionDays) =>
        new(name, "LLM inference", category, ["Prompts"], ["US"], [], "DPA-1", zeroRetention, zeroRetention ? 0 : retentionDays, RiskTier.High, null);

    private static Subprocessor Retired(string name)
    {
        var subprocessor = Authorized(name, zeroRetention: true);
        subprocessor.Retire(Now.AddDays(-1));
        return subprocessor;
    }

    /// <summary>Snapshots hold lists: compared by their JSON-relevant content.</summary>
    private sealed class AiSnapshotComparer : IEqualityComparer<AiSettingsSnapshot>
    {
        public static readonly AiSnapshotComparer Instance = new();

        public bool Equals(AiSettingsSnapshot? x, AiSettingsSnapshot? y) =>
            x is not null && y is not null
            && (x with { Features = [], Integrations = [], Models = [] }) == (y with { Features = [], Integrations = [], Models = [] })
            && x.Features.SequenceEqual(y.Features)
            && (x.Models ?? []).SequenceEqual(y.Models ?? [])
            && x.Integrations.Count == y.Integrations.Count;

        public int GetHashCode(AiSettingsSnapshot obj) => 0;
    }
}
