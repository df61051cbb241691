namespace AdminConsole.Domain.Model.AiModels;

/// <summary>Where a model is in its life: proposed, under evaluation, approved by a second person, serving customers, retired.</summary>
public enum AiModelStage
{
    Proposed = 0,
    Evaluating = 1,
    Approved = 2,
    InProduction = 3,
    Retired = 4,
}

/// <summary>What the AI product uses a model for.</summary>
public enum AiModelPurpose
{
    Chat = 0,
    Embeddings = 1,
    Moderation = 2,
    Transcription = 3,
}

/// <summary>Which side of its threshold a metric must fall on to pass.</summary>
public enum MetricDirection
{
    /// <summary>The value must be at least the threshold (answer accuracy, refusal rate on harmful prompts).</summary>
    AtLeast = 0,

    /// <summary>The value must be at most the threshold (latency, cross-workspace leakage).</summary>
    AtMost = 1,
}
