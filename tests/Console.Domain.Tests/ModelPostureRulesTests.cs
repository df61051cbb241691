using AdminConsole.Domain.Model.AiModels;
using AdminConsole.Domain.Model.AiSettings;
using AdminConsole.Domain.Model.Posture;
using AdminConsole.Domain.Model.Retention;
using AdminConsole.Domain.Model.Subprocessors;
using AdminConsole.Domain.Model.Workspaces;

namespace AdminConsole.Domain.Tests;

/// <summary>
/// The model register's posture rules: a model in production without a passing evaluation of its version, a last
/// passing evaluation older than the review interval, a provider no longer authorized, and a HIPAA workspace on a model
/// without zero retention.
/// </summary>
public class ModelPostureRulesTests
{
    private static readonly DateTimeOffset Now = AiSettingsTests.Now;

    [Fact]
    public void AServingModel_WithoutAPassingEvaluationOfItsVersion_IsAViolationSinceItEnteredProduction()
    {
        var provider = AiSettingsTests.Authorized("Anthropic PBC", zeroRetention: true);
        var model = Serving(provider, ZeroRetention: true);

        var violation = Assert.Single(PostureRules.Evaluate(PostureRules.ModelNotEvaluated, Facts([new ModelState(model, provider, null)]), Now));
        Assert.Equal((PostureSubjectKind.Model, model.Id.ToString(), "Claude 4.5"), (violation.SubjectKind, violation.SubjectId, violation.SubjectName));
        Assert.Equal(model.InProductionAt, violation.Since);
        Assert.Empty(PostureRules.Evaluate(PostureRules.ModelNotEvaluated, Facts([new ModelState(model, provider, Now.AddDays(-1))]), Now));

        // A retired model serves nobody: not listed.
        model.Retire(Now);
        Assert.Empty(PostureRules.Evaluate(PostureRules.ModelNotEvaluated, Facts([new ModelState(model, provider, null)]), Now));
    }

    [Theory]
    [InlineData(180, 180, false)]
    [InlineData(180, 181, true)]
    [InlineData(30, 31, true)]
    [InlineData(30, 29, false)]
    public void ALastPassingEvaluation_OlderThanTheReviewInterval_IsOverdue(int intervalDays, int ageDays, bool overdue)
    {
        var provider = AiSettingsTests.Authorized("Anthropic PBC", zeroRetention: true);
        var model = Serving(provider, ZeroRetention: true);
        var last = Now.AddDays(-ageDays);

        var violations = PostureRules.Evaluate(PostureRules.ModelReviewOverdue, Facts([new ModelState(model, provider, last)], intervalDays), Now);

        Assert.Equal(overdue, violations.Count == 1);
        if (overdue)
            Assert.Equal(last.AddDays(intervalDays), violations[0].Since);
    }

    [Fact]
    public void AServingModel_OfAProviderNoLongerAuthorized_IsAViolationSinceTheRetirement()
    {
        var provider = AiSettingsTests.Authorized("Anthropic PBC", zeroRetention: true);
        var model = Serving(provider, ZeroRetention: true);
        Assert.Empty(PostureRules.Evaluate(PostureRules.ModelProviderNotAuthorized, Facts([new ModelState(model, provider, Now)]), Now));

        provider.Retire(Now.AddHours(-2));
        var violation = Assert.Single(PostureRules.Evaluate(PostureRules.ModelProviderNotAuthorized, Facts([new ModelState(model, provider, Now)]), Now));
        Assert.Contains("Anthropic PBC is retired", violation.Detail, StringComparison.Ordinal);
        Assert.Equal(Now.AddHours(-2), violation.Since);
        Assert.Single(PostureRules.Evaluate(PostureRules.ModelProviderNotAuthorized, Facts([new ModelState(model, null, Now)]), Now));
    }

    [Fact]
    public void AHipaaWorkspace_OnAModelWithoutZeroRetention_IsAViolation_AndOtherWorkspacesAreNot()
    {
        var provider = AiSettingsTests.Authorized("Anthropic PBC", zeroRetention: true);
        var retaining = Serving(provider, ZeroRetention: false);
        var zero = Serving(provider, ZeroRetention: true);
        WorkspaceAiState Workspace(string name, bool hipaa, params AiModel[] models) => new(
            Guid.NewGuid(), name, Plan.Enterprise, true, true, hipaa, provider.Id, provider, RetentionTerms.DefaultFor(Plan.Enterprise), Now, models);

        var facts = new PostureFacts([provider], [], [
            Workspace("Hospital", hipaa: true, retaining, zero),
            Workspace("Clinic", hipaa: true, zero),
            Workspace("Agency", hipaa: false, retaining),
        ]);

        var violation = Assert.Single(PostureRules.Evaluate(PostureRules.HipaaModelRetainsData, facts, Now));
        Assert.Equal((PostureSubjectKind.Workspace, "Hospital"), (violation.SubjectKind, violation.SubjectName));
        Assert.Contains("Claude 4.5 (30 days)", violation.Detail, StringComparison.Ordinal);
    }

    private static PostureFacts Facts(IReadOnlyList<ModelState> models, int intervalDays = ModelState.DefaultReviewIntervalDays) => new([], [], [], models, intervalDays);

    private static AiModel Serving(Subprocessor provider, bool ZeroRetention)
    {
        var model = AiModel.Propose("Claude", "4.5", provider, AiModelPurpose.Chat, [AiFeature.WorkspaceSearch], "US", ZeroRetention, ZeroRetention ? null : 30, false, "peter", "Peter", Now.AddDays(-10));
        var evaluation = ModelEvaluation.Record(model, "Release", Now.AddDays(-9), "eve", "Eve", [("accuracy", 0.95, 0.9, MetricDirection.AtLeast)],
            ModelEvidence.Read("suite.csv", "metric,value\n"u8.ToArray()), Now.AddDays(-9));
        model.Approve(evaluation, "olga", "Olga", Now.AddDays(-8));
        model.PutInProduction(provider, Now.AddDays(-7));
        return model;
    }
}
