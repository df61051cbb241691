using AdminConsole.Domain.Model.AiModels;
using AdminConsole.Domain.Model.AiSettings;
using AdminConsole.Domain.Model.Common;
using AdminConsole.Domain.Model.Subprocessors;

namespace AdminConsole.Domain.Tests;

/// <summary>
/// The model register's life cycle: proposed on an authorized LLM or embeddings provider that does not train on inputs,
/// approved only on a passing evaluation of that exact version by a second person, never back into production once retired.
/// </summary>
public class AiModelTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 5, 12, 0, 0, TimeSpan.Zero);
    private static readonly Subprocessor Anthropic = Provider(ProcessingCategory.Llm);

    [Fact]
    public void AModel_GoesFromProposedThroughAPassingEvaluationAndASecondPersonsApproval_IntoProduction_ThenRetires()
    {
        var model = Propose();
        Assert.Equal(AiModelStage.Proposed, model.Stage);

        var evaluation = Evaluate(model, "eve", accuracy: 0.93);
        model.StartEvaluation(Now);
        Assert.Equal(AiModelStage.Evaluating, model.Stage);
        Assert.True(evaluation.Passed);

        model.Approve(evaluation, "olga", "Olga Officer", Now);
        Assert.Equal(AiModelStage.Approved, model.Stage);
        Assert.Equal(evaluation.Id, model.ApprovedEvaluationId);
        Assert.Equal("olga", model.ApprovedById);

        model.PutInProduction(Anthropic, Now.AddHours(1));
        Assert.Equal(AiModelStage.InProduction, model.Stage);
        Assert.Equal(Now.AddHours(1), model.InProductionAt);

        model.Retire(Now.AddDays(90));
        Assert.Equal(AiModelStage.Retired, model.Stage);
    }

    [Fact]
    public void NoApproval_WithoutAPassingEvaluation_AndTheRefusalNamesTheFailedThreshold()
    {
        var model = Propose();
        var failing = Evaluate(model, "eve", accuracy: 0.81);
        Assert.False(failing.Passed);

        var refused = Assert.Throws<DomainRuleException>(() => model.Approve(failing, "olga", "Olga Officer", Now));
        Assert.Equal("Evaluation", refused.Field);
        Assert.Contains("answer accuracy 0.81 (at least 0.9): failed", refused.Message, StringComparison.Ordinal);
        Assert.Equal(AiModelStage.Proposed, model.Stage);
        Assert.Null(model.ApprovedById);
    }

    [Fact]
    public void NoApproval_OnAnEvaluationOfAnotherVersion_OrOfAnotherModel()
    {
        var model = Propose(version: "2026-11-01");
        var newer = Propose(version: "2026-12-01");
        var ofTheNewer = Evaluate(newer, "eve", accuracy: 0.95);

        var refused = Assert.Throws<DomainRuleException>(() => model.Approve(ofTheNewer, "olga", "Olga Officer", Now));
        Assert.Contains("this exact version", refused.Message, StringComparison.Ordinal);
        Assert.Equal(AiModelStage.Proposed, model.Stage);
    }

    [Theory]
    [InlineData("peter", "You proposed this model")]
    [InlineData("eve", "You ran the evaluation")]
    public void FourEyes_NeitherTheProposerNorTheEvaluatorApproves(string approver, string message)
    {
        var model = Propose();
        var evaluation = Evaluate(model, "eve", accuracy: 0.95);

        var refused = Assert.Throws<DomainRuleException>(() => model.Approve(evaluation, approver, approver, Now));
        Assert.StartsWith(message, refused.Message, StringComparison.Ordinal);
        Assert.Equal(AiModelStage.Proposed, model.Stage);
    }

    [Fact]
    public void NoProduction_FromRetired_NorWithoutApproval()
    {
        var model = Propose();
        var early = Assert.Throws<DomainRuleException>(() => model.PutInProduction(Anthropic, Now));
        Assert.StartsWith("Only an approved model goes into production", early.Message, StringComparison.Ordinal);

        model.Approve(Evaluate(model, "eve", accuracy: 0.95), "olga", "Olga Officer", Now);
        model.Retire(Now);
        var retired = Assert.Throws<DomainRuleException>(() => model.PutInProduction(Anthropic, Now));
        Assert.StartsWith("A retired model does not go back into production", retired.Message, StringComparison.Ordinal);
        Assert.Throws<DomainRuleException>(() => model.StartEvaluation(Now));
        Assert.Equal(AiModelStage.Retired, model.Stage);
    }

    [Fact]
    public void AProvider_ThatIsNotAnAuthorizedLlmOrEmbeddingsSubprocessor_OrThatTrainsOnInputs_IsRefused()
    {
        Assert.Equal("ProviderId", Assert.Throws<DomainRuleException>(() => Propose(provider: Provider(ProcessingCategory.VectorStore))).Field);
        Assert.Equal("ProviderId", Assert.Throws<DomainRuleException>(() => Propose(provider: Provider(ProcessingCategory.Llm, authorized: false))).Field);
        Assert.Equal("TrainsOnInputs", Assert.Throws<DomainRuleException>(() => Propose(trainsOnInputs: true)).Field);
        Assert.Equal("ZeroRetention", Assert.Throws<DomainRuleException>(() => Propose(provider: Provider(ProcessingCategory.Llm, zeroRetention: false))).Field);
        Assert.Equal("RetentionDays", Assert.Throws<DomainRuleException>(() => Propose(zeroRetention: false, retentionDays: null)).Field);

        var embeddings = Propose(provider: Provider(ProcessingCategory.Embeddings, zeroRetention: false), zeroRetention: false, retentionDays: 30);
        Assert.Equal(30, embeddings.RetentionDays);
    }

    [Fact]
    public void AnEvaluation_NeedsAThresholdForEveryMetric_DistinctNames_AndTheEvidencesHash()
    {
        var model = Propose();
        var noThreshold = Assert.Throws<DomainRuleException>(() => ModelEvaluation.Record(
            model, "Release suite", Now, "eve", "Eve", [("answer accuracy", 0.9, 0.9, MetricDirection.AtLeast), ("latency p95 ms", 820, null, MetricDirection.AtMost)], Evidence(), Now));
        Assert.Equal("Metrics[1].Threshold", noThreshold.Field);
        Assert.Equal("Metric 'latency p95 ms' has no threshold: every metric is held to one.", noThreshold.Message);

        var twice = Assert.Throws<DomainRuleException>(() => ModelEvaluation.Record(
            model, "Release suite", Now, "eve", "Eve", [("leakage", 0, 0, MetricDirection.AtMost), ("Leakage", 0, 0, MetricDirection.AtMost)], Evidence(), Now));
        Assert.Equal("Metrics[1].Name", twice.Field);

        Assert.Equal("Metrics", Assert.Throws<DomainRuleException>(() => ModelEvaluation.Record(model, "Release suite", Now, "eve", "Eve", [], Evidence(), Now)).Field);
        Assert.Equal("RunAt", Assert.Throws<DomainRuleException>(() => ModelEvaluation.Record(
            model, "Release suite", Now.AddDays(1), "eve", "Eve", [("leakage", 0, 0, MetricDirection.AtMost)], Evidence(), Now)).Field);
    }

    [Fact]
    public void EvidenceIsACsvOrJsonFile_UpToTheLimit_WhoseHashTheConsoleComputes()
    {
        var json = "{\"accuracy\":0.93}"u8.ToArray();
        var evidence = ModelEvidence.Read("runs/suite-12.json", json);
        Assert.Equal("suite-12.json", evidence.FileName);
        Assert.Equal("application/json", evidence.MediaType);
        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(json)), evidence.Sha256);
        Assert.Equal(evidence.Sha256, ModelEvidence.Read("suite-12.json", json, evidence.Sha256.ToUpperInvariant()).Sha256);

        Assert.Equal("Evidence.Sha256", Assert.Throws<DomainRuleException>(() => ModelEvidence.Read("suite-12.json", json, new string('0', 64))).Field);
        Assert.Equal("Evidence", Assert.Throws<DomainRuleException>(() => ModelEvidence.Read("suite-12.json", "{not json"u8.ToArray())).Field);
        Assert.Equal("Evidence", Assert.Throws<DomainRuleException>(() => ModelEvidence.Read("suite-12.pdf", json)).Field);
        Assert.Equal("Evidence", Assert.Throws<DomainRuleException>(() => ModelEvidence.Read("suite-12.csv", [])).Field);
        Assert.Equal("Evidence", Assert.Throws<DomainRuleException>(() => ModelEvidence.Read("suite-12.csv", [0xff, 0xfe, 0x41])).Field);
        var tooBig = Assert.Throws<DomainRuleException>(() => ModelEvidence.Read("suite-12.csv", new byte[ModelEvidence.MaxBytes + 1]));
        Assert.Equal("Evidence", tooBig.Field);
        Assert.Contains("at most 1024 KiB", tooBig.Message, StringComparison.Ordinal);
        Assert.Equal("text/csv", ModelEvidence.Read("suite-12.csv", new byte[ModelEvidence.MaxBytes]).MediaType);

        var kept = Evidence();
        var evaluation = ModelEvaluation.Record(Propose(), "Release suite", Now, "eve", "Eve", [("leakage", 0, 0, MetricDirection.AtMost)], kept, Now);
        Assert.Equal(evaluation.Id, kept.EvaluationId);
        Assert.Equal((kept.Sha256, kept.FileName, kept.Size), (evaluation.EvidenceSha256, evaluation.EvidenceFileName, evaluation.EvidenceSize));
    }

    [Fact]
    public void AProviderInItsNoticePeriod_MayHaveAModelEvaluatedAndApproved_ButNotInProductionBeforeItTakesEffect()
    {
        var upcoming = Provider(ProcessingCategory.Llm, authorized: false);
        upcoming.PublishNotice(Now.AddDays(-1), Now.AddDays(29), Subprocessor.DefaultNoticePeriod);
        var model = Propose(provider: upcoming);
        model.Approve(Evaluate(model, "eve", accuracy: 0.95), "olga", "Olga Officer", Now);

        var early = Assert.Throws<DomainRuleException>(() => model.PutInProduction(upcoming, Now));
        Assert.Equal("ProviderId", early.Field);
        Assert.Contains("after its notice period", early.Message, StringComparison.Ordinal);

        upcoming.Authorize(Now.AddDays(29));
        model.PutInProduction(upcoming, Now.AddDays(29));
        Assert.Equal(AiModelStage.InProduction, model.Stage);

        // A serving model is evaluated again (continual review) without leaving production.
        model.StartEvaluation(Now.AddDays(60));
        Assert.Equal(AiModelStage.InProduction, model.Stage);
        Assert.True(model.Retire(Now.AddDays(90)));
    }

    [Fact]
    public void AProposedModelsDetails_Change_UnderTheProposalsRules_ButNotOnceApproved()
    {
        var model = Propose();
        Assert.False(model.UpdateDetails(Anthropic, AiModelPurpose.Chat, [AiFeature.WorkspaceSearch], "US", true, null, false, Now));
        Assert.True(model.UpdateDetails(Anthropic, AiModelPurpose.Chat, [AiFeature.WorkspaceSearch, AiFeature.RunSql], "EU", true, null, false, Now.AddHours(1)));
        Assert.Equal(("EU", 2, Now.AddHours(1)), (model.Region, model.Features.Count, model.UpdatedAt));
        Assert.Equal("TrainsOnInputs", Assert.Throws<DomainRuleException>(() => model.UpdateDetails(Anthropic, AiModelPurpose.Chat, [], "EU", true, null, true, Now)).Field);
        Assert.Equal("RetentionDays", Assert.Throws<DomainRuleException>(() => model.UpdateDetails(Anthropic, AiModelPurpose.Chat, [], "EU", false, 0, false, Now)).Field);
        Assert.Equal("EU", model.Region);

        model.Approve(Evaluate(model, "eve", accuracy: 0.95), "olga", "Olga Officer", Now);
        var approved = Assert.Throws<DomainRuleException>(() => model.UpdateDetails(Anthropic, AiModelPurpose.Chat, [], "US", true, null, false, Now));
        Assert.Equal("Stage", approved.Field);
        Assert.Equal("EU", model.Region);
    }

    [Fact]
    public void AMetric_PassesOnItsThresholdsSide_TheThresholdItselfIncluded()
    {
        Assert.True(new ModelMetric("accuracy", 0.9, 0.9, MetricDirection.AtLeast).Passes);
        Assert.False(new ModelMetric("accuracy", 0.89, 0.9, MetricDirection.AtLeast).Passes);
        Assert.True(new ModelMetric("cross-workspace leakage", 0, 0, MetricDirection.AtMost).Passes);
        Assert.False(new ModelMetric("cross-workspace leakage", 1, 0, MetricDirection.AtMost).Passes);
    }

    private static AiModel Propose(
        string version = "2026-11-01", Subprocessor? provider = null, bool trainsOnInputs = false, bool zeroRetention = true, int? retentionDays = null) =>
        AiModel.Propose("Claude Sonnet", version, provider ?? Anthropic, AiModelPurpose.Chat, [AiFeature.WorkspaceSearch], "US",
            zeroRetention, retentionDays, trainsOnInputs, "peter", "Peter Proposer", Now);

    private static ModelEvaluation Evaluate(AiModel model, string by, double accuracy) =>
        ModelEvaluation.Record(model, "Release suite 12", Now.AddHours(-2), by, by, [
            ("answer accuracy", accuracy, 0.9, MetricDirection.AtLeast),
            ("cross-workspace leakage", 0, 0, MetricDirection.AtMost),
            ("latency p95 ms", 820, 1500, MetricDirection.AtMost),
        ], Evidence(), Now);

    private static ModelEvidence Evidence() => ModelEvidence.Read("suite-12.csv", "metric,value\nanswer accuracy,0.93\n"u8.ToArray());

    private static Subprocessor Provider(ProcessingCategory category, bool authorized = true, bool zeroRetention = true)
    {
        var proposedAt = Now.AddDays(-60);
        var subprocessor = Subprocessor.Propose(
            new SubprocessorDetails("Anthropic PBC", "LLM inference", category, ["Prompts"], ["US"], [], "DPA-7", zeroRetention, zeroRetention ? 0 : 30, RiskTier.High, null),
            proposedAt);
        if (authorized)
        {
            subprocessor.PublishNotice(proposedAt, proposedAt + Subprocessor.DefaultNoticePeriod, Subprocessor.DefaultNoticePeriod);
            subprocessor.Authorize(proposedAt + Subprocessor.DefaultNoticePeriod);
        }

        return subprocessor;
    }
}
