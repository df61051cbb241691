using System.Globalization;
using System.Text;
using System.Text.Json;
using AdminConsole.Domain.Model;
using AdminConsole.Domain.Model.AiModels;
using AdminConsole.Domain.Model.AiSettings;

namespace AdminConsole.Domain.UseCases;

public enum ModelCardFormat
{
    Markdown = 0,
    Json = 1,
}

/// <summary>
/// A model's record as a model card: what it is and serves, where it runs, what its provider keeps, its life cycle with
/// who approved it on which evaluation, and every evaluation with its metrics, thresholds and evidence hash.
/// </summary>
public static class ModelCard
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public static DownloadFile Write(ModelDetailView view, ModelCardFormat format, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(view);
        var m = view.Model;
        var stem = Slug($"{m.Name}-{m.Version}");
        return format == ModelCardFormat.Json
            ? new DownloadFile($"model-card-{stem}.json", "application/json", JsonSerializer.SerializeToUtf8Bytes(Document(view, now), Json))
            : new DownloadFile($"model-card-{stem}.md", "text/markdown", Encoding.UTF8.GetBytes(Markdown(view, now)));
    }

    private static object Document(ModelDetailView view, DateTimeOffset now)
    {
        var m = view.Model;
        return new
        {
            modelCard = "1.0",
            generatedAt = now,
            model = new { id = m.Id, m.Name, m.Version, provider = view.ProviderName, purpose = m.Purpose.ToString(), features = m.Features.Select(f => f.ToString()), hostingRegion = m.Region },
            dataHandling = new { m.ZeroRetention, providerRetentionDays = m.ZeroRetention ? 0 : m.RetentionDays, trainedOnCustomerData = false, automatedDecisionsOnIndividuals = false },
            lifecycle = new
            {
                stage = m.Stage.ToString(),
                proposed = new { at = m.CreatedAt, by = m.ProposedByName },
                approved = m.ApprovedAt is null ? null : new { at = m.ApprovedAt, by = m.ApprovedByName, evaluation = m.ApprovedEvaluationId },
                inProductionAt = m.InProductionAt,
                retiredAt = m.RetiredAt,
                reviewDue = view.ReviewDue,
            },
            evaluations = view.Evaluations.Select(e => new
            {
                e.Id,
                e.Version,
                e.Suite,
                e.RunAt,
                runBy = e.RunByName,
                result = e.Passed ? "passed" : "failed",
                metrics = e.Metrics.Select(x => new { x.Name, x.Value, x.Threshold, direction = x.Direction.ToString(), passed = x.Passes }),
                evidence = new { fileName = e.EvidenceFileName, size = e.EvidenceSize, sha256 = e.EvidenceSha256 },
            }),
            otherVersions = view.OtherVersions.Select(v => new { v.Id, v.Version, stage = v.Stage.ToString() }),
        };
    }

    private static string Markdown(ModelDetailView view, DateTimeOffset now)
    {
        var m = view.Model;
        var c = CultureInfo.InvariantCulture;
        var md = new StringBuilder();
        md.Append(c, $"# Model card: {m.Title}\n\n");
        md.Append(c, $"Generated {now:yyyy-MM-dd HH:mm} UTC from the AI model register.\n\n");
        md.Append("## Model\n\n| | |\n|---|---|\n");
        md.Append(c, $"| Provider | {Cell(view.ProviderName)} |\n");
        md.Append(c, $"| Purpose | {m.Purpose.Label()} |\n");
        md.Append(c, $"| Features | {(m.Features.Count == 0 ? "None" : string.Join(", ", m.Features.Select(AiFeatures.Describe)))} |\n");
        md.Append(c, $"| Hosting region | {Cell(m.Region)} |\n");
        md.Append(c, $"| Provider retention | {m.RetentionText} |\n");
        md.Append("| Trained on customer data | No |\n");
        md.Append("| Automated decisions on individuals | No |\n\n");
        md.Append("## Life cycle\n\n");
        md.Append(c, $"- Stage: {m.Stage.Label()}\n");
        md.Append(c, $"- Proposed {m.CreatedAt:yyyy-MM-dd} by {Cell(m.ProposedByName)}\n");
        if (m.ApprovedAt is { } approved)
            md.Append(c, $"- Approved {approved:yyyy-MM-dd} by {Cell(m.ApprovedByName ?? string.Empty)} on evaluation {m.ApprovedEvaluationId}\n");
        if (m.InProductionAt is { } production)
            md.Append(c, $"- In production since {production:yyyy-MM-dd}\n");
        if (m.RetiredAt is { } retired)
            md.Append(c, $"- Retired {retired:yyyy-MM-dd}\n");
        if (view.ReviewDue is { } due)
            md.Append(c, $"- Next review due {due:yyyy-MM-dd}{(view.ReviewOverdue ? " (overdue)" : string.Empty)}\n");
        md.Append("\n## Evaluations\n\n");
        if (view.Evaluations.Count == 0)
            md.Append("No evaluation recorded.\n");
        foreach (var e in view.Evaluations)
        {
            md.Append(c, $"### {Cell(e.Suite)}, version {Cell(e.Version)}: {(e.Passed ? "passed" : "failed")}\n\n");
            md.Append(c, $"Run {e.RunAt:yyyy-MM-dd HH:mm} UTC by {Cell(e.RunByName)}. Evidence: {Cell(e.EvidenceFileName)} ({e.EvidenceSize} bytes), SHA-256 `{e.EvidenceSha256}`.\n\n");
            md.Append("| Metric | Value | Threshold | Result |\n|---|---|---|---|\n");
            foreach (var x in e.Metrics)
                md.Append(c, $"| {Cell(x.Name)} | {x.Value:0.####} | {x.Direction.Label().ToLowerInvariant()} {x.Threshold:0.####} | {(x.Passes ? "passed" : "failed")} |\n");
            md.Append('\n');
        }

        return md.ToString();
    }

    /// <summary>Text inside a Markdown table cell: pipes and line breaks would break the table.</summary>
    private static string Cell(string text) => text.Replace("|", "\\|", StringComparison.Ordinal).ReplaceLineEndings(" ");

    private static string Slug(string text)
    {
        var slug = new StringBuilder();
        foreach (var ch in text.ToLowerInvariant())
            slug.Append(char.IsAsciiLetterOrDigit(ch) || ch is '.' ? ch : '-');
        return slug.ToString().Trim('-');
    }
}
