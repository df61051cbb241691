using System.Globalization;
using AdminConsole.Domain.Model.AiModels;
using AdminConsole.Domain.Model.AiSettings;
using AdminConsole.Domain.Model.Audit;
using AdminConsole.Domain.Model.Common;
using AdminConsole.Domain.Model.Subprocessors;
using AdminConsole.Domain.Persistence;
using Microsoft.EntityFrameworkCore;

namespace AdminConsole.Domain.Commands;

/// <summary>The <c>Models</c> configuration section.</summary>
public sealed class ModelOptions
{
    public const string SectionName = "Models";

    /// <summary>Days after which a serving model's last passing evaluation is due for review.</summary>
    public int ReviewIntervalDays { get; set; } = Model.Posture.ModelState.DefaultReviewIntervalDays;

    public string? Problem() => ReviewIntervalDays is < 1 or > 3650
        ? $"{SectionName}:ReviewIntervalDays must be between 1 and 3650 days (it is {ReviewIntervalDays})."
        : null;
}

/// <summary>What an officer proposes: a model at one version, where it runs and what its provider keeps.</summary>
public sealed record ModelProposal(
    string? Name, string? Version, Guid? ProviderId, AiModelPurpose Purpose, IReadOnlyCollection<AiFeature>? Features, string? Region,
    bool ZeroRetention, int? RetentionDays, bool TrainsOnInputs);

/// <summary>An evaluation as it is recorded: the suite, when it ran, its metrics with their thresholds.</summary>
public sealed record EvaluationInput(string? Suite, DateTimeOffset? RunAt, IReadOnlyList<(string? Name, double? Value, double? Threshold, MetricDirection Direction)>? Metrics);

/// <summary>
/// Changes to the model register, each saved with its audit entry. A model entering production or retired from it is a
/// notice to subscribers, queued with the change in one transaction.
/// </summary>
public sealed class ModelCommands(IDbContextFactory<ConsoleDbContext> dbFactory, TimeProvider clock)
{
    public async Task<Guid> ProposeAsync(AuditActor actor, ModelProposal proposal, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(proposal);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        var provider = proposal.ProviderId is { } providerId
            ? await db.Subprocessors.SingleOrDefaultAsync(s => s.Id == providerId, cancellationToken).ConfigureAwait(false)
            : null;
        if (provider is null)
            throw new DomainRuleException(nameof(AiModel.ProviderId), "Choose the provider from the subprocessor registry.");
        var now = clock.GetUtcNow();
        var model = AiModel.Propose(
            proposal.Name, proposal.Version, provider, proposal.Purpose, proposal.Features, proposal.Region,
            proposal.ZeroRetention, proposal.RetentionDays, proposal.TrainsOnInputs, actor.Id, actor.Name, now);
        if (await db.AiModels.AnyAsync(m => m.ProviderId == model.ProviderId && m.Name == model.Name && m.Version == model.Version, cancellationToken).ConfigureAwait(false))
            throw new DomainRuleException(nameof(AiModel.Version), $"{model.Title} of {provider.LegalName} is already in the register: propose a new version.");
        db.AiModels.Add(model);
        db.Audit(actor, Record("model.proposed", model, null, Snapshot(model, provider.LegalName)), now);
        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        return model.Id;
    }

    /// <summary>
    /// Changes a proposed or evaluating model's purpose, features, region and retention (name, version and provider stay);
    /// false when they were already so, and then nothing is written.
    /// </summary>
    public async Task<bool> UpdateAsync(AuditActor actor, Guid modelId, ModelProposal details, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(details);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        var model = await FindAsync(db, modelId, cancellationToken).ConfigureAwait(false);
        var provider = await db.Subprocessors.SingleAsync(s => s.Id == model.ProviderId, cancellationToken).ConfigureAwait(false);
        var now = clock.GetUtcNow();
        var before = Snapshot(model, provider.LegalName);
        if (!model.UpdateDetails(provider, details.Purpose, details.Features, details.Region, details.ZeroRetention, details.RetentionDays, details.TrainsOnInputs, now))
            return false;
        db.Audit(actor, Record("model.updated", model, before, Snapshot(model, provider.LegalName)), now);
        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        return true;
    }

    /// <summary>Records an evaluation of the model's version with its evidence, in its own transaction.</summary>
    public async Task<Guid> RecordEvaluationAsync(AuditActor actor, Guid modelId, EvaluationInput input, ModelEvidence evidence, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        var evaluation = await RecordEvaluationAsync(db, actor, modelId, input, evidence, clock.GetUtcNow(), cancellationToken).ConfigureAwait(false);
        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        return evaluation.Id;
    }

    /// <summary>
    /// Adds an evaluation and its evidence to <paramref name="db"/> without saving: the API saves it in the transaction
    /// of its idempotent write. An unknown model is refused naming <c>ModelId</c>.
    /// </summary>
    public static async Task<ModelEvaluation> RecordEvaluationAsync(
        ConsoleDbContext db, AuditActor actor, Guid modelId, EvaluationInput input, ModelEvidence evidence, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(input);
        var model = await FindAsync(db, modelId, cancellationToken).ConfigureAwait(false);
        if (input.RunAt is not { } runAt)
            throw new DomainRuleException(nameof(ModelEvaluation.RunAt), "Say when the evaluation ran.");
        var before = model.Stage;
        var evaluation = ModelEvaluation.Record(model, input.Suite, runAt, actor.Id, actor.Name, input.Metrics, evidence, now);
        model.StartEvaluation(now);
        db.ModelEvaluations.Add(evaluation);
        db.ModelEvidence.Add(evidence);
        db.Audit(actor, new AuditRecord("model.evaluated", "AiModel", model.Id.ToString(), null, new { Stage = before.ToString() }, new
        {
            Stage = model.Stage.ToString(),
            Evaluation = evaluation.Id,
            evaluation.Version,
            evaluation.Suite,
            RunAt = evaluation.RunAt.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture),
            Result = evaluation.Passed ? "passed" : "failed",
            Metrics = string.Join("; ", evaluation.Metrics.Select(m => m.ToString())),
            Evidence = $"{evidence.FileName} ({evidence.Size} bytes, SHA-256 {evidence.Sha256})",
        }), now);
        return evaluation;
    }

    /// <summary>Approves the model on the latest evaluation of its version; refused, with the failed thresholds, when that one did not pass.</summary>
    public Task ApproveAsync(AuditActor actor, Guid modelId, CancellationToken cancellationToken = default) =>
        ChangeAsync(actor, modelId, "model.approved", async (db, model, provider, now) =>
        {
            var latest = await db.ModelEvaluations.AsNoTracking()
                .Where(e => e.ModelId == model.Id && e.Version == model.Version)
                .OrderByDescending(e => e.RecordedAt).ThenByDescending(e => e.RunAt)
                .FirstOrDefaultAsync(cancellationToken).ConfigureAwait(false)
                ?? throw new DomainRuleException("Evaluation", $"No evaluation of {model.Title} is recorded: record a passing one before approval.");
            model.Approve(latest, actor.Id, actor.Name, now);
            return null;
        }, cancellationToken);

    /// <summary>The model starts serving; subscribers are told at once.</summary>
    public Task PutInProductionAsync(AuditActor actor, Guid modelId, CancellationToken cancellationToken = default) =>
        ChangeAsync(actor, modelId, "model.in-production", (db, model, provider, now) =>
        {
            model.PutInProduction(provider, now);
            return Task.FromResult<Notice?>(Notice.ForModel(model, provider, NoticeKind.ModelInProduction, now));
        }, cancellationToken);

    /// <summary>The model stops serving (subscribers are told when it served them); workspaces that chose it fall back.</summary>
    public Task RetireAsync(AuditActor actor, Guid modelId, CancellationToken cancellationToken = default) =>
        ChangeAsync(actor, modelId, "model.retired", async (db, model, provider, now) =>
        {
            var serving = model.Retire(now);
            await AiSettingsCommands.ReplaceRetiredModelAsync(db, actor, model, now, cancellationToken).ConfigureAwait(false);
            return serving ? Notice.ForModel(model, provider, NoticeKind.ModelRetired, now) : null;
        }, cancellationToken);

    private async Task ChangeAsync(
        AuditActor actor, Guid modelId, string action, Func<ConsoleDbContext, AiModel, Subprocessor, DateTimeOffset, Task<Notice?>> change, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actor);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        var model = await FindAsync(db, modelId, cancellationToken).ConfigureAwait(false);
        var provider = await db.Subprocessors.SingleAsync(s => s.Id == model.ProviderId, cancellationToken).ConfigureAwait(false);
        var now = clock.GetUtcNow();
        var before = Snapshot(model, provider.LegalName);
        var notice = await change(db, model, provider, now).ConfigureAwait(false);
        if (notice is not null)
            db.Notices.Add(notice);
        db.Audit(actor, Record(action, model, before, Snapshot(model, provider.LegalName)), now);
        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        if (notice is not null)
            await NoticeFanOut.QueueDeliveriesAsync(db, notice, now, cancellationToken).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The model to change; an unknown one is refused naming <c>ModelId</c>.</summary>
    private static async Task<AiModel> FindAsync(ConsoleDbContext db, Guid modelId, CancellationToken cancellationToken) =>
        await db.AiModels.SingleOrDefaultAsync(m => m.Id == modelId, cancellationToken).ConfigureAwait(false)
            ?? throw new DomainRuleException("ModelId", "There is no such model in the register.");

    private static AuditRecord Record(string action, AiModel m, object? before, object? after) =>
        new(action, "AiModel", m.Id.ToString(), null, before, after);

    private static object Snapshot(AiModel m, string provider) => new
    {
        m.Name,
        m.Version,
        Provider = provider,
        Purpose = m.Purpose.ToString(),
        Features = string.Join(", ", m.Features),
        m.Region,
        Retention = m.RetentionText,
        TrainsOnInputs = false,
        Stage = m.Stage.ToString(),
        ApprovedBy = m.ApprovedByName,
        ApprovedEvaluation = m.ApprovedEvaluationId,
    };
}
