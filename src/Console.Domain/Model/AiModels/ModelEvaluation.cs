using System.Globalization;
using AdminConsole.Domain.Model.Common;

namespace AdminConsole.Domain.Model.AiModels;

/// <summary>One measured figure of an evaluation and the threshold it is held to; it passes on the threshold's side.</summary>
public sealed record ModelMetric(string Name, double Value, double Threshold, MetricDirection Direction)
{
    [System.Text.Json.Serialization.JsonIgnore]
    public bool Passes => Direction == MetricDirection.AtLeast ? Value >= Threshold : Value <= Threshold;

    /// <summary>The metric as a person reads it: "answer accuracy 0.91 (at least 0.90): passed".</summary>
    public override string ToString() => string.Create(
        CultureInfo.InvariantCulture,
        $"{Name} {Value:0.####} ({(Direction == MetricDirection.AtLeast ? "at least" : "at most")} {Threshold:0.####}): {(Passes ? "passed" : "failed")}");
}

/// <summary>
/// An evaluation of one exact version of a model: the suite, when and by whom it ran, its metrics with their thresholds,
/// and the SHA-256 of the evidence file kept with it. It passes only when every metric passes; the console computes that,
/// nobody states it.
/// </summary>
public sealed class ModelEvaluation
{
    public const int SuiteMaxLength = 200;
    public const int MetricNameMaxLength = 100;
    public const int MaxMetrics = 50;

    private ModelEvaluation()
    {
        Version = Suite = RunById = RunByName = EvidenceSha256 = EvidenceFileName = string.Empty;
        Metrics = [];
    }

    public Guid Id { get; private set; }

    public Guid ModelId { get; private set; }

    /// <summary>The model version evaluated: an approval holds for this version only.</summary>
    public string Version { get; private set; }

    public string Suite { get; private set; }

    public DateTimeOffset RunAt { get; private set; }

    /// <summary>Who ran it (the audit actor's id): they may not also approve the model.</summary>
    public string RunById { get; private set; }

    public string RunByName { get; private set; }

    public List<ModelMetric> Metrics { get; private set; }

    /// <summary>Lower-case hex SHA-256 of the evidence file (CSV or JSON) kept with the evaluation.</summary>
    public string EvidenceSha256 { get; private set; }

    public string EvidenceFileName { get; private set; }

    public int EvidenceSize { get; private set; }

    public DateTimeOffset RecordedAt { get; private set; }

    public bool Passed => Metrics.Count > 0 && Metrics.All(m => m.Passes);

    /// <summary>The metrics that failed their thresholds, as people read them (empty when the evaluation passed).</summary>
    public IReadOnlyList<string> Failures => [.. Metrics.Where(m => !m.Passes).Select(m => m.ToString())];

    /// <param name="metrics">Name, value and threshold of each metric; a metric without a threshold is refused.</param>
    /// <param name="evidence">The evidence file, checked; it is kept under this evaluation.</param>
    public static ModelEvaluation Record(
        AiModel model, string? suite, DateTimeOffset runAt, string runById, string runByName,
        IReadOnlyList<(string? Name, double? Value, double? Threshold, MetricDirection Direction)>? metrics, ModelEvidence evidence, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(evidence);
        if (runAt > now.AddMinutes(5))
            throw new DomainRuleException(nameof(RunAt), "The evaluation cannot have run in the future.");
        if (metrics is not { Count: > 0 })
            throw new DomainRuleException(nameof(Metrics), "An evaluation needs at least one metric with its threshold.");
        if (metrics.Count > MaxMetrics)
            throw new DomainRuleException(nameof(Metrics), $"An evaluation has at most {MaxMetrics} metrics.");

        var checkedMetrics = new List<ModelMetric>();
        for (var i = 0; i < metrics.Count; i++)
        {
            var (name, value, threshold, direction) = metrics[i];
            var field = $"{nameof(Metrics)}[{i}]";
            var metricName = Guard.Text(name, field + ".Name", "The metric's name", MetricNameMaxLength);
            if (value is not { } v || !double.IsFinite(v))
                throw new DomainRuleException(field + ".Value", $"Metric '{metricName}' has no value.");
            if (threshold is not { } t || !double.IsFinite(t))
                throw new DomainRuleException(field + ".Threshold", $"Metric '{metricName}' has no threshold: every metric is held to one.");
            Guard.Defined(direction, field + ".Direction", "The metric's direction");
            if (checkedMetrics.Any(m => string.Equals(m.Name, metricName, StringComparison.OrdinalIgnoreCase)))
                throw new DomainRuleException(field + ".Name", $"Metric '{metricName}' is given twice.");
            checkedMetrics.Add(new ModelMetric(metricName, v, t, direction));
        }

        var evaluation = new ModelEvaluation
        {
            Id = Guid.NewGuid(),
            ModelId = model.Id,
            Version = model.Version,
            Suite = Guard.Text(suite, nameof(Suite), "The suite's name", SuiteMaxLength),
            RunAt = runAt,
            RunById = Guard.Text(runById, nameof(RunById), "Who ran it", Audit.AuditActor.IdMaxLength),
            RunByName = Guard.Text(runByName, nameof(RunByName), "Who ran it", Audit.AuditActor.NameMaxLength),
            Metrics = checkedMetrics,
            EvidenceSha256 = evidence.Sha256,
            EvidenceFileName = evidence.FileName,
            EvidenceSize = evidence.Size,
            RecordedAt = now,
        };
        evidence.EvaluationId = evaluation.Id;
        return evaluation;
    }
}
