using AdminConsole.Domain.Model.AiModels;
using AdminConsole.Domain.Model.AiSettings;
using AdminConsole.Domain.Model.Common;
using AdminConsole.Domain.Model.Retention;
using AdminConsole.Domain.Model.Subprocessors;
using AdminConsole.Domain.Model.Workspaces;

namespace AdminConsole.Domain.Tests;

/// <summary>
/// A workspace's models: chosen per feature among the models in production of its provider, with a fallback; a retired
/// model is replaced by the fallback; the effective policy names the model to use and refuses one not in production.
/// </summary>
public class AiModelChoiceTests
{
    private static readonly DateTimeOffset Now = AiSettingsTests.Now;

    [Fact]
    public void AnAdmin_ChoosesAmongTheProvidersModelsInProduction_PerFeature_WithAFallback()
    {
        var (settings, provider) = Settings();
        var sonnet = Serving(provider, "4.5", AiFeature.WorkspaceSearch, AiFeature.RunSql);
        var haiku = Serving(provider, "haiku", AiFeature.WorkspaceSearch, AiFeature.WebSearch);

        Assert.True(settings.ChooseModels(new Dictionary<AiFeature, Guid?> { [AiFeature.RunSql] = sonnet.Id }, haiku.Id, [sonnet, haiku], Now, "Wanda"));
        Assert.Equal(sonnet.Id, settings.EffectiveModelFor(AiFeature.RunSql));
        Assert.Equal(haiku.Id, settings.EffectiveModelFor(AiFeature.WorkspaceSearch));
        Assert.False(settings.ChooseModels(new Dictionary<AiFeature, Guid?> { [AiFeature.RunSql] = sonnet.Id }, haiku.Id, [sonnet, haiku], Now, "Wanda"));

        var approvedOnly = Approved(provider, "5");
        var notServing = Assert.Throws<DomainRuleException>(() =>
            settings.ChooseModels(new Dictionary<AiFeature, Guid?> { [AiFeature.WorkspaceSearch] = approvedOnly.Id }, null, [approvedOnly], Now, "Wanda"));
        Assert.Equal(("WorkspaceSearchModelId", "Claude 5 is approved, not in production: choose a model in production."), (notServing.Field, notServing.Message));

        var notForFeature = Assert.Throws<DomainRuleException>(() =>
            settings.ChooseModels(new Dictionary<AiFeature, Guid?> { [AiFeature.WebSearch] = sonnet.Id }, null, [sonnet], Now, "Wanda"));
        Assert.Equal("WebSearchModelId", notForFeature.Field);

        var other = AiSettingsTests.Authorized("OpenAI", zeroRetention: true);
        var gpt = Serving(other, "gpt", AiFeature.WorkspaceSearch);
        Assert.Equal("FallbackModelId", Assert.Throws<DomainRuleException>(() => settings.ChooseModels(new Dictionary<AiFeature, Guid?>(), gpt.Id, [gpt], Now, "Wanda")).Field);

        // Another provider leaves no model chosen: models are the provider's.
        settings.Apply(AiSettingsTests.Change(ai: true, other.Id), Plan.Business, other, RetentionTerms.DefaultFor(Plan.Business), Now, "Wanda");
        Assert.Empty(settings.ChosenModels);
    }

    [Fact]
    public void ARetiredModel_IsReplacedByTheFallback_AndARetiredFallbackLeavesNone()
    {
        var (settings, provider) = Settings();
        var sonnet = Serving(provider, "4.5", AiFeature.WorkspaceSearch, AiFeature.RunSql);
        var haiku = Serving(provider, "haiku", AiFeature.WorkspaceSearch);
        settings.ChooseModels(new Dictionary<AiFeature, Guid?> { [AiFeature.WorkspaceSearch] = sonnet.Id, [AiFeature.RunSql] = sonnet.Id }, haiku.Id, [sonnet, haiku], Now, "Wanda");
        var version = settings.Version;

        Assert.True(settings.ReplaceRetiredModel(sonnet.Id, Now, "Otto"));
        Assert.Equal((haiku.Id, haiku.Id, version + 1), (settings.ModelFor(AiFeature.WorkspaceSearch)!.Value, settings.ModelFor(AiFeature.RunSql)!.Value, settings.Version));
        Assert.False(settings.ReplaceRetiredModel(sonnet.Id, Now, "Otto"));

        Assert.True(settings.ReplaceRetiredModel(haiku.Id, Now, "Otto"));
        Assert.Empty(settings.ChosenModels);
    }

    [Fact]
    public void ThePolicy_NamesTheModelToUse_AndRefusesOneNotInProduction()
    {
        var (settings, provider) = Settings();
        var sonnet = Serving(provider, "4.5", AiFeature.WorkspaceSearch);
        settings.ChooseModels(new Dictionary<AiFeature, Guid?> { [AiFeature.WorkspaceSearch] = sonnet.Id }, null, [sonnet], Now, "Wanda");
        AiPolicyDecision Decide(AiModel? model) => EffectivePolicy.Evaluate(new AiPolicyInput(
            settings, Plan.Business, true, provider, RetentionTerms.DefaultFor(Plan.Business), Feature: AiFeature.WorkspaceSearch, Model: model));

        var serving = Decide(sonnet);
        Assert.True(serving.Allowed, string.Join("; ", serving.Reasons));
        Assert.Equal((sonnet.Id, "Claude", "4.5"), (serving.Model!.Id, serving.Model.Name, serving.Model.Version));

        // Between a retirement and the fallback it causes, or when the register lost the model: refused, never swapped.
        sonnet.Retire(Now);
        var retired = Decide(sonnet);
        Assert.False(retired.Allowed);
        Assert.Null(retired.Model);
        Assert.Equal(AiPolicyCodes.ModelNotInProduction, Assert.Single(retired.Reasons).Code);
        Assert.Equal(AiPolicyCodes.ModelNotInProduction, Assert.Single(Decide(null).Reasons).Code);

        // No model chosen: the policy names none and the provider's default applies.
        var (plain, plainProvider) = Settings();
        var none = EffectivePolicy.Evaluate(new AiPolicyInput(plain, Plan.Business, true, plainProvider, RetentionTerms.DefaultFor(Plan.Business), Feature: AiFeature.WorkspaceSearch));
        Assert.True(none.Allowed);
        Assert.Null(none.Model);
    }

    private static (WorkspaceAiSettings Settings, Subprocessor Provider) Settings()
    {
        var provider = AiSettingsTests.Authorized("Anthropic PBC", zeroRetention: true);
        var settings = WorkspaceAiSettings.DefaultsFor(Guid.NewGuid());
        settings.Apply(AiSettingsTests.Change(ai: true, provider.Id), Plan.Business, provider, RetentionTerms.DefaultFor(Plan.Business), Now, "Wanda");
        return (settings, provider);
    }

    private static AiModel Approved(Subprocessor provider, string version, params AiFeature[] features)
    {
        var model = AiModel.Propose("Claude", version, provider, AiModelPurpose.Chat, features.Length == 0 ? [AiFeature.WorkspaceSearch] : features, "US", true, null, false, "peter", "Peter", Now);
        var evaluation = ModelEvaluation.Record(model, "Release", Now, "eve", "Eve", [("accuracy", 0.95, 0.9, MetricDirection.AtLeast)],
            ModelEvidence.Read("suite.csv", "metric,value\n"u8.ToArray()), Now);
        model.Approve(evaluation, "olga", "Olga", Now);
        return model;
    }

    private static AiModel Serving(Subprocessor provider, string version, params AiFeature[] features)
    {
        var model = Approved(provider, version, features);
        model.PutInProduction(provider, Now);
        return model;
    }
}
