using AdminConsole.Domain.Model.AiSettings;
using AdminConsole.Domain.Model.Posture;
using AdminConsole.Domain.Model.Retention;
using AdminConsole.Domain.Model.Subprocessors;
using AdminConsole.Domain.Model.Workspaces;

namespace AdminConsole.Domain.Tests;

public class PostureAiRulesTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 1, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Registry_ListsTheAiRulesAfterTheOthers_AsWorkspaceRules()
    {
        Assert.Equal(
            ["review-overdue", "certification-expired", "retention-behind", "ai-provider-retains-data", "ai-provider-not-authorized",
             "model-not-evaluated", "model-review-overdue", "model-provider-not-authorized", "hipaa-model-retains-data"],
            PostureRules.All.Select(r => r.Code));
        Assert.Same(PostureRules.AiProviderNotAuthorized, PostureRules.Find("ai-provider-not-authorized"));
        Assert.All(new[] { PostureRules.AiProviderRetainsData, PostureRules.AiProviderNotAuthorized }, r => Assert.Equal(PostureSubjectKind.Workspace, r.SubjectKind));
        Assert.Contains("HIPAA mode runs only on the Enterprise plan", PostureRules.AiProviderRetainsData.Commitment, StringComparison.Ordinal);
    }

    [Fact]
    public void AnEnterpriseWorkspaceOnAProviderThatKeepsRequests_BreaksTheRetentionRule_OnAZeroRetentionProviderNothing()
    {
        var retaining = Llm("Keeps Data AI", zeroRetention: false, retentionDays: 7);
        var zero = Llm("Zero Retention AI", zeroRetention: true, retentionDays: 0);
        var offending = State("Acme", Plan.Enterprise, retaining);

        var violation = Assert.Single(PostureRules.Evaluate(Facts(offending, State("Globex", Plan.Enterprise, zero)), Now));

        Assert.Equal(PostureRules.AiProviderRetainsData, violation.Rule);
        Assert.Equal((PostureSubjectKind.Workspace, offending.WorkspaceId.ToString(), "Acme"), (violation.SubjectKind, violation.SubjectId, violation.SubjectName));
        Assert.Equal("Keeps Data AI is not zero-retention capable: Enterprise workspaces use only LLM providers that keep nothing of their requests.", violation.Detail);
        Assert.Null(violation.Since);
    }

    [Fact]
    public void AProviderKeepingRequestsExactlyThePlansDays_KeepsTheCommitment_OneDayMoreBreaksIt()
    {
        var terms = RetentionTerms.DefaultFor(Plan.Business) with { ProviderRetentionDays = 14 };
        var within = State("Within Ltd", Plan.Business, Llm("Fortnight AI", zeroRetention: false, retentionDays: 14), terms: terms);
        var over = State("Over Ltd", Plan.Business, Llm("Fifteen Days AI", zeroRetention: false, retentionDays: 15), terms: terms);

        var violation = Assert.Single(PostureRules.Evaluate(Facts(within, over), Now));

        Assert.Equal((PostureRules.AiProviderRetainsData, "Over Ltd"), (violation.Rule, violation.SubjectName));
        Assert.Equal("Fifteen Days AI keeps requests for 15 days; the Business plan promises at most 14 days at LLM providers.", violation.Detail);
    }

    [Fact]
    public void APlanChangedToEnterpriseAfterTheSettingsWereSaved_MakesTheirProviderAViolation()
    {
        var provider = Llm("Month AI", zeroRetention: false, retentionDays: 30);
        var workspace = Workspace.Create("Upgraded Inc", Plan.Business, DataRegion.EU, Now.AddDays(-60));
        var settings = Saved(workspace, provider, hipaa: false, Now.AddDays(-30));
        Assert.Empty(PostureRules.Evaluate(Facts(State(workspace, settings, provider)), Now));

        workspace.ChangePlan(Plan.Enterprise, Now.AddDays(-1));

        var violation = Assert.Single(PostureRules.Evaluate(Facts(State(workspace, settings, provider)), Now));
        Assert.Equal(PostureRules.AiProviderRetainsData, violation.Rule);
        Assert.StartsWith("Month AI is not zero-retention capable: Enterprise workspaces", violation.Detail, StringComparison.Ordinal);
        Assert.Null(violation.Since);
    }

    [Fact]
    public void HipaaModeLeftOnAfterTheWorkspaceLeftEnterprise_BreaksTheRetentionRule_NotTheAuthorizationRule()
    {
        var provider = Llm("Zero Retention AI", zeroRetention: true, retentionDays: 0);
        var workspace = Workspace.Create("Clinic Co", Plan.Enterprise, DataRegion.US, Now.AddDays(-60));
        var settings = Saved(workspace, provider, hipaa: true, Now.AddDays(-30));
        Assert.Empty(PostureRules.Evaluate(Facts(State(workspace, settings, provider)), Now));

        workspace.ChangePlan(Plan.Plus, Now.AddDays(-1));

        var violation = Assert.Single(PostureRules.Evaluate(Facts(State(workspace, settings, provider)), Now));
        Assert.Equal(PostureRules.AiProviderRetainsData, violation.Rule);
        Assert.Equal("HIPAA mode needs the Enterprise plan; this workspace is on Plus.", violation.Detail);
    }

    [Fact]
    public void ARetiredProvider_BreaksTheAuthorizationRuleSinceItsRetirement_AndNotTheRetentionRule()
    {
        var provider = Llm("Sunset AI", zeroRetention: false, retentionDays: 30);
        var workspace = Workspace.Create("Initech", Plan.Business, DataRegion.EU, Now.AddDays(-60));
        var settings = Saved(workspace, provider, hipaa: false, Now.AddDays(-30));
        var retiredAt = Now.AddDays(-3);
        provider.Retire(retiredAt);
        workspace.ChangePlan(Plan.Enterprise, Now.AddDays(-1));

        var violation = Assert.Single(PostureRules.Evaluate(Facts(State(workspace, settings, provider)), Now));

        Assert.Equal(PostureRules.AiProviderNotAuthorized, violation.Rule);
        Assert.Equal((workspace.Id.ToString(), "Initech"), (violation.SubjectId, violation.SubjectName));
        Assert.Equal("Sunset AI is retired and may no longer process customer data; choose an authorized LLM provider.", violation.Detail);
        Assert.Equal(retiredAt, violation.Since);
    }

    [Fact]
    public void AProviderThatIsNoLlmOrIsGoneFromTheRegistry_IsNotAuthorized_NoProviderChosenIsNoViolation()
    {
        var hosting = Authorized(new SubprocessorDetails("Hosting Co", "Hosting", ProcessingCategory.Hosting, ["Pages"], ["US"], [], "DPA", true, 0, RiskTier.Low, null));
        var goneId = Guid.NewGuid();
        var facts = Facts(
            State("Bravo", Plan.Business, hosting),
            State("Alpha", Plan.Business, null, providerId: goneId),
            State("Charlie", Plan.Business, null, providerId: null));

        var violations = PostureRules.Evaluate(facts, Now);

        Assert.All(violations, v => Assert.Equal(PostureRules.AiProviderNotAuthorized, v.Rule));
        Assert.Equal(
            [("Alpha", $"The chosen LLM provider ({goneId}) is no longer in the subprocessor registry; choose an authorized one."),
             ("Bravo", "Hosting Co is not an LLM provider (its category is Hosting).")],
            violations.Select(v => (v.SubjectName, v.Detail)));
        Assert.All(violations, v => Assert.Null(v.Since));
    }

    [Fact]
    public void AiTurnedOff_OrTheWorkspaceDeleted_BreaksNoAiRule()
    {
        var retired = Llm("Sunset AI", zeroRetention: false, retentionDays: 30);
        retired.Retire(Now.AddDays(-3));
        var retaining = Llm("Keeps Data AI", zeroRetention: false, retentionDays: 30);

        var facts = Facts(
            State("Off Inc", Plan.Enterprise, retaining, aiEnabled: false),
            State("Off Too Inc", Plan.Business, retired, aiEnabled: false, hipaa: true),
            State("Deleted Inc", Plan.Enterprise, retaining, active: false),
            State("Deleted Too Inc", Plan.Business, retired, active: false));

        Assert.Empty(PostureRules.Evaluate(facts, Now));
        Assert.Equal(2, PostureRules.Evaluate(Facts(State("On Inc", Plan.Enterprise, retaining), State("On Too Inc", Plan.Business, retired)), Now).Count);
    }

    private static PostureFacts Facts(params WorkspaceAiState[] workspaces) => new([], [], workspaces);

    private static WorkspaceAiState State(
        string name, Plan plan, Subprocessor? provider, Guid? providerId = default, bool hipaa = false, bool aiEnabled = true, bool active = true, RetentionTerms? terms = null) =>
        new(Guid.NewGuid(), name, plan, active, aiEnabled, hipaa, provider?.Id ?? providerId, provider, terms ?? RetentionTerms.DefaultFor(plan), Now.AddDays(-30));

    /// <summary>The state as the posture query builds it: the workspace's plan and terms of today, the settings as saved.</summary>
    private static WorkspaceAiState State(Workspace workspace, WorkspaceAiSettings settings, Subprocessor? provider) =>
        new(workspace.Id, workspace.Name, workspace.Plan, workspace.Status == WorkspaceStatus.Active, settings.AiEnabled, settings.HipaaMode,
            settings.ProviderId, provider, RetentionTerms.DefaultFor(workspace.Plan), settings.UpdatedAt);

    /// <summary>Settings saved through the model's own checks: what the save allows on the plan of that day.</summary>
    private static WorkspaceAiSettings Saved(Workspace workspace, Subprocessor provider, bool hipaa, DateTimeOffset at)
    {
        var settings = WorkspaceAiSettings.DefaultsFor(workspace.Id);
        var change = new AiSettingsChange(true, provider.Id, AiDataMode.MetadataOnly, new HashSet<AiFeature> { AiFeature.WorkspaceSearch }, true, false, false, hipaa);
        Assert.True(settings.Apply(change, workspace.Plan, provider, RetentionTerms.DefaultFor(workspace.Plan), at, "Wanda Admin"));
        return settings;
    }

    private static Subprocessor Llm(string name, bool zeroRetention, int? retentionDays) =>
        Authorized(new SubprocessorDetails(name, "LLM inference", ProcessingCategory.Llm, ["Prompts"], ["US"], [], "DPA", zeroRetention, retentionDays, RiskTier.High, null));

    private static Subprocessor Authorized(SubprocessorDetails details)
    {
        var proposedAt = Now.AddYears(-1);
        var subprocessor = Subprocessor.Propose(details, proposedAt);
        subprocessor.PublishNotice(proposedAt, proposedAt + Subprocessor.DefaultNoticePeriod, Subprocessor.DefaultNoticePeriod);
        subprocessor.Authorize(proposedAt + Subprocessor.DefaultNoticePeriod);
        return subprocessor;
    }
}
