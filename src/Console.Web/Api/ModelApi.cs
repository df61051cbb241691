using System.Text.Json;
using AdminConsole.Domain.Commands;
using AdminConsole.Domain.Model.AiModels;
using AdminConsole.Domain.Model.Api;
using AdminConsole.Domain.Model.Common;
using AdminConsole.Domain.Persistence;

namespace AdminConsole.Web.Api;

/// <summary>
/// <c>POST /api/v1/model-evaluations</c>: the AI product's CI records an evaluation of a model version in the register,
/// with its evidence file, under a key scoped <c>models:evaluate</c>. Idempotent like every write; a refusal names the
/// field at fault (the domain's field, each step camel-cased, as every write does) and saves nothing.
/// </summary>
internal static class ModelApi
{
    /// <summary>The evidence (at most 1 MiB) travels base64-encoded inside the JSON: room for it and the metrics.</summary>
    public const int MaxBodyBytes = 2 * 1024 * 1024;

    public static void MapModelEvaluations(this IEndpointRouteBuilder endpoints) =>
        endpoints.MapPost(ProductApi.Prefix + "/model-evaluations", RecordAsync)
            .RequireAuthorization(ApiKeyAuthenticationSetup.PolicyFor(ApiScopes.ModelsEvaluate))
            .WithMetadata(new RequiredScope(ApiScopes.ModelsEvaluate))
            .WithTags("AI product")
            .WithSummary("Record an evaluation of a model version (suite, metrics with thresholds, evidence file); pass or fail is computed from the thresholds")
            .Accepts<EvaluationRequest>("application/json")
            .Produces<EvaluationAnswer>(StatusCodes.Status201Created)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);

    private static Task<IResult> RecordAsync(HttpContext context, ApiWrites writes, TimeProvider clock) =>
        writes.RunAsync<EvaluationRequest>(context, async (db, caller, request) =>
        {
            var modelId = request.ModelId is { } id && id != Guid.Empty ? id : throw new DomainRuleException("ModelId", "Name the model by its id in the register.");
            var metrics = request.Metrics ?? throw new DomainRuleException("Metrics", "An evaluation needs at least one metric with its threshold.");
            var parsed = new List<(string?, double?, double?, MetricDirection)>();
            for (var i = 0; i < metrics.Count; i++)
                parsed.Add((metrics[i]?.Name, metrics[i]?.Value, metrics[i]?.Threshold, Direction(metrics[i]?.Direction, i)));
            var evidence = Evidence(request.Evidence);
            var evaluation = await ModelCommands.RecordEvaluationAsync(
                db, caller.Actor, modelId, new EvaluationInput(request.Suite, request.RunAt, parsed), evidence, clock.GetUtcNow(), context.RequestAborted).ConfigureAwait(false);
            var stage = db.AiModels.Local.Single(m => m.Id == modelId).Stage;
            return new ApiAnswer(StatusCodes.Status201Created, new EvaluationAnswer(
                evaluation.Id, modelId, evaluation.Version, evaluation.Passed, evaluation.Failures, evaluation.EvidenceSha256, stage.ToString()));
        }, MaxBodyBytes);

    private static ModelEvidence Evidence(EvidenceRequest? evidence)
    {
        if (evidence?.ContentBase64 is not { Length: > 0 } base64)
            throw new DomainRuleException("Evidence", "Attach the evidence file: evidence.fileName and evidence.contentBase64 (the suite's CSV or JSON output).");
        byte[] content;
        try
        {
            content = Convert.FromBase64String(base64);
        }
        catch (FormatException)
        {
            throw new DomainRuleException("Evidence.ContentBase64", "The evidence's content is not valid base64.");
        }

        return ModelEvidence.Read(evidence.FileName, content, evidence.Sha256);
    }

    private static MetricDirection Direction(string? direction, int index) => direction?.Trim().ToLowerInvariant() switch
    {
        "atleast" or "at_least" or "at-least" or ">=" => MetricDirection.AtLeast,
        "atmost" or "at_most" or "at-most" or "<=" => MetricDirection.AtMost,
        _ => throw new DomainRuleException($"Metrics[{index}].Direction", "Say whether the value must be atLeast or atMost the threshold."),
    };

}

internal sealed record EvaluationRequest(Guid? ModelId, string? Suite, DateTimeOffset? RunAt, IReadOnlyList<MetricRequest?>? Metrics, EvidenceRequest? Evidence);

/// <summary>A metric: its value, its threshold, and whether the value must be <c>atLeast</c> or <c>atMost</c> the threshold.</summary>
internal sealed record MetricRequest(string? Name, double? Value, double? Threshold, string? Direction);

/// <summary>The evidence file: its name (.csv or .json), its bytes in base64, and optionally their SHA-256 to be checked.</summary>
internal sealed record EvidenceRequest(string? FileName, string? ContentBase64, string? Sha256);

internal sealed record EvaluationAnswer(Guid Id, Guid ModelId, string Version, bool Passed, IReadOnlyList<string> Failures, string EvidenceSha256, string ModelStage);
