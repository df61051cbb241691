using AdminConsole.Domain.Access;
using AdminConsole.Domain.Commands;
using AdminConsole.Domain.Model.AiModels;
using AdminConsole.Domain.Model.Jobs;
using AdminConsole.Domain.Model.Subprocessors;
using AdminConsole.Domain.Persistence;
using Microsoft.EntityFrameworkCore;

namespace AdminConsole.Domain.UseCases;

/// <summary>A model as the register lists it, with its latest evaluation's result.</summary>
public sealed record ModelListItem(
    Guid Id, string Name, string Version, string ProviderName, AiModelPurpose Purpose, AiModelStage Stage, string Region, string Retention,
    DateTimeOffset? LastEvaluatedAt, bool? LastPassed);

/// <summary>One page of the register, and the providers that have models in it (for the provider filter).</summary>
public sealed record ModelListPage(IReadOnlyList<ModelListItem> Items, int Total, IReadOnlyList<ProviderName> Providers);

/// <summary>A provider as a filter offers it.</summary>
public sealed record ProviderName(Guid Id, string Name);

/// <summary>Another version of the same model at the same provider.</summary>
public sealed record ModelVersionRow(Guid Id, string Version, AiModelStage Stage, DateTimeOffset CreatedAt);

/// <summary>A notice published about the model.</summary>
public sealed record ModelNoticeRow(Guid Id, NoticeKind Kind, string Title, DateTimeOffset PublishedAt, int Recipients);

/// <summary>
/// A model's page: the model, its provider, its evaluations newest first, its other versions, the notices about it, when
/// its review is due, and whether the reader may change it.
/// </summary>
public sealed record ModelDetailView(
    AiModel Model, string ProviderName, SubprocessorStatus ProviderStatus, IReadOnlyList<ModelEvaluation> Evaluations,
    IReadOnlyList<ModelVersionRow> OtherVersions, IReadOnlyList<ModelNoticeRow> Notices, bool CanManage, DateOnly? ReviewDue, bool ReviewOverdue,
    ProcessingCategory ProviderCategory)
{
    /// <summary>The model's own provider, as the form names it when the model's details change.</summary>
    public ModelProviderOption Provider => new(Model.ProviderId, ProviderName, ProviderCategory, ProviderStatus, Model.ZeroRetention, Model.RetentionDays);
}

/// <summary>A provider a model may be proposed on: an LLM or embeddings subprocessor, authorized or in its notice period.</summary>
public sealed record ModelProviderOption(Guid Id, string LegalName, ProcessingCategory Category, SubprocessorStatus Status, bool ZeroRetentionCapable, int? RetentionDays);

/// <summary>A file to download: an evaluation's evidence or a model card.</summary>
public sealed record DownloadFile(string FileName, string MediaType, byte[] Content);

/// <summary>
/// The AI model register: admins, compliance officers and auditors read it; compliance officers propose models, record
/// evaluations, approve (a second person), put into production and retire. Entering or leaving production tells the
/// subscribers at once.
/// </summary>
public sealed class ModelUseCases(
    IDbContextFactory<ConsoleDbContext> dbFactory, ModelCommands commands, ModelOptions options, IJobScheduler scheduler, TimeProvider clock, string noticeDispatchJob)
{
    public const int SearchMaxLength = 200;

    private const string MayNotRead = "Your role may not read the AI model register.";
    private const string MayNotManage = "Only compliance officers change the AI model register.";
    private const string NoSuchModel = "There is no such model in the register.";

    public async Task<Outcome<ModelListPage>> ListAsync(
        CurrentUser user, string? search, AiModelStage? stage, Guid? providerId, int skip, int take, CancellationToken cancellationToken = default)
    {
        if (UseCase.Require(user, Policies.ViewModels, MayNotRead) is { } refused)
            return refused.As<ModelListPage>();
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        var query = db.AiModels.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(search))
        {
#pragma warning disable CA1304, CA1311, CA1862 // translated to SQL lower()
            var term = search.Trim()[..Math.Min(search.Trim().Length, SearchMaxLength)].ToLower();
            query = query.Where(m => m.Name.ToLower().Contains(term) || m.Version.ToLower().Contains(term));
#pragma warning restore CA1304, CA1311, CA1862
        }

        if (stage is { } wanted)
            query = query.Where(m => m.Stage == wanted);
        if (providerId is { } provider)
            query = query.Where(m => m.ProviderId == provider);
        var total = await query.CountAsync(cancellationToken).ConfigureAwait(false);
        var rows = await query
            .OrderBy(m => m.Name).ThenByDescending(m => m.CreatedAt).ThenBy(m => m.Id)
            .Skip(Math.Max(0, skip)).Take(Math.Clamp(take, 1, 100))
            .Join(db.Subprocessors, m => m.ProviderId, s => s.Id, (m, s) => new { Model = m, Provider = s.LegalName })
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        var ids = rows.Select(r => r.Model.Id).ToList();
        // Only each listed model's latest evaluation: a model evaluated by every build of the AI product has many.
        var latest = (await db.ModelEvaluations.AsNoTracking()
                .Where(e => ids.Contains(e.ModelId) && e.RecordedAt == db.ModelEvaluations.Where(x => x.ModelId == e.ModelId).Max(x => x.RecordedAt))
                .ToListAsync(cancellationToken).ConfigureAwait(false))
            .GroupBy(e => e.ModelId).ToDictionary(g => g.Key, g => g.MaxBy(e => e.RunAt)!);
        var providers = await db.Subprocessors.AsNoTracking()
            .Where(s => db.AiModels.Any(m => m.ProviderId == s.Id))
            .OrderBy(s => s.LegalName)
            .Select(s => new ProviderName(s.Id, s.LegalName))
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        return Outcome.Done(new ModelListPage(
            [.. rows.Select(r => new ModelListItem(
                r.Model.Id, r.Model.Name, r.Model.Version, r.Provider, r.Model.Purpose, r.Model.Stage, r.Model.Region, r.Model.RetentionText,
                latest.GetValueOrDefault(r.Model.Id)?.RunAt, latest.GetValueOrDefault(r.Model.Id)?.Passed))],
            total,
            providers));
    }

    public async Task<Outcome<ModelDetailView>> DetailAsync(CurrentUser user, Guid id, CancellationToken cancellationToken = default)
    {
        if (UseCase.Require(user, Policies.ViewModels, MayNotRead) is { } refused)
            return refused.As<ModelDetailView>();
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        var model = await db.AiModels.AsNoTracking().SingleOrDefaultAsync(m => m.Id == id, cancellationToken).ConfigureAwait(false);
        if (model is null)
            return Outcome.NotFound(NoSuchModel).As<ModelDetailView>();
        var provider = await db.Subprocessors.AsNoTracking().Where(s => s.Id == model.ProviderId)
            .Select(s => new { s.LegalName, s.Status, s.Category }).SingleAsync(cancellationToken).ConfigureAwait(false);
        var evaluations = await db.ModelEvaluations.AsNoTracking().Where(e => e.ModelId == id)
            .OrderByDescending(e => e.RecordedAt).ThenBy(e => e.Id)
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        var versions = await db.AiModels.AsNoTracking()
            .Where(m => m.ProviderId == model.ProviderId && m.Name == model.Name && m.Id != id)
            .OrderByDescending(m => m.CreatedAt)
            .Select(m => new ModelVersionRow(m.Id, m.Version, m.Stage, m.CreatedAt))
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        var notices = await db.Notices.AsNoTracking().Where(n => n.AiModelId == id)
            .OrderByDescending(n => n.PublishedAt)
            .Select(n => new ModelNoticeRow(n.Id, n.Kind, n.Title, n.PublishedAt, n.Recipients))
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        var now = clock.GetUtcNow();
        var view = new ModelDetailView(model, provider.LegalName, provider.Status, evaluations, versions, notices, user.Satisfies(Policies.ManageModels), null, false, provider.Category);
        if (model.Stage is AiModelStage.Approved or AiModelStage.InProduction)
        {
            // Counted as the posture counts it: the interval after the latest passing evaluation of this version ran.
            var due = model.LastPassedAt(evaluations) is { } last ? AiModel.ReviewDueAt(last, options.ReviewIntervalDays) : now;
            view = view with { ReviewDue = DateOnly.FromDateTime(due.UtcDateTime), ReviewOverdue = now > due };
        }

        return Outcome.Done(view);
    }

    /// <summary>The providers the propose form offers.</summary>
    public async Task<Outcome<IReadOnlyList<ModelProviderOption>>> ProvidersAsync(CurrentUser user, CancellationToken cancellationToken = default)
    {
        if (UseCase.Require(user, Policies.ManageModels, MayNotManage) is { } refused)
            return refused.As<IReadOnlyList<ModelProviderOption>>();
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        var providers = await db.Subprocessors.AsNoTracking()
            .Where(s => (s.Category == ProcessingCategory.Llm || s.Category == ProcessingCategory.Embeddings)
                && (s.Status == SubprocessorStatus.Authorized || s.Status == SubprocessorStatus.NoticePeriod))
            .OrderBy(s => s.LegalName)
            .Select(s => new ModelProviderOption(s.Id, s.LegalName, s.Category, s.Status, s.ZeroRetentionCapable, s.RetentionDays))
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        return Outcome.Done<IReadOnlyList<ModelProviderOption>>(providers);
    }

    /// <summary>Builds the proposal from the form (the model's rules apply there, naming the field) and saves it.</summary>
    public Task<Outcome<Guid>> ProposeAsync(CurrentUser user, ModelProposal proposal, CancellationToken cancellationToken = default) =>
        UseCase.Require(user, Policies.ManageModels, MayNotManage) is { } refused
            ? Task.FromResult(refused.As<Guid>())
            : UseCase.RunAsync(() => commands.ProposeAsync(user.Actor, proposal, cancellationToken), "Model proposed");

    /// <summary>Changes a proposed or evaluating model's details; done with false when they were already so.</summary>
    public async Task<Outcome<bool>> UpdateAsync(CurrentUser user, Guid id, ModelProposal details, CancellationToken cancellationToken = default)
    {
        if (await RequireManagerAsync(user, id, cancellationToken).ConfigureAwait(false) is { } refused)
            return refused.As<bool>();
        return await UseCase.RunAsync(() => commands.UpdateAsync(user.Actor, id, details, cancellationToken)).ConfigureAwait(false);
    }

    /// <summary>Records an evaluation with its evidence file (read and hashed here); the result is computed from the thresholds.</summary>
    public async Task<Outcome<Guid>> RecordEvaluationAsync(
        CurrentUser user, Guid id, EvaluationInput input, string? evidenceFileName, byte[]? evidence, CancellationToken cancellationToken = default)
    {
        if (await RequireManagerAsync(user, id, cancellationToken).ConfigureAwait(false) is { } refused)
            return refused.As<Guid>();
        return await UseCase.RunAsync(
            () => commands.RecordEvaluationAsync(user.Actor, id, input, ModelEvidence.Read(evidenceFileName, evidence), cancellationToken),
            "Evaluation recorded").ConfigureAwait(false);
    }

    /// <summary>Approves the model on the latest evaluation of its version, by someone who neither proposed it nor ran that evaluation.</summary>
    public async Task<Outcome> ApproveAsync(CurrentUser user, Guid id, CancellationToken cancellationToken = default) =>
        await RequireManagerAsync(user, id, cancellationToken).ConfigureAwait(false)
            ?? await UseCase.RunAsync(() => commands.ApproveAsync(user.Actor, id, cancellationToken), "Model approved").ConfigureAwait(false);

    public Task<Outcome> PutInProductionAsync(CurrentUser user, Guid id, CancellationToken cancellationToken = default) =>
        TellingSubscribersAsync(user, id, () => commands.PutInProductionAsync(user.Actor, id, cancellationToken), "Model in production; subscribers are told", cancellationToken);

    public Task<Outcome> RetireAsync(CurrentUser user, Guid id, CancellationToken cancellationToken = default) =>
        TellingSubscribersAsync(user, id, () => commands.RetireAsync(user.Actor, id, cancellationToken), "Model retired", cancellationToken);

    /// <summary>An evaluation's evidence file, byte for byte as it was recorded.</summary>
    public async Task<Outcome<DownloadFile>> EvidenceAsync(CurrentUser user, Guid id, Guid evaluationId, CancellationToken cancellationToken = default)
    {
        if (UseCase.Require(user, Policies.ViewModels, MayNotRead) is { } refused)
            return refused.As<DownloadFile>();
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        var file = await db.ModelEvidence.AsNoTracking()
            .Where(f => f.EvaluationId == evaluationId && db.ModelEvaluations.Any(e => e.Id == evaluationId && e.ModelId == id))
            .SingleOrDefaultAsync(cancellationToken).ConfigureAwait(false);
        return file is null
            ? Outcome.NotFound("There is no such evaluation of this model.").As<DownloadFile>()
            : Outcome.Done(new DownloadFile(file.FileName, file.MediaType, file.Content));
    }

    /// <summary>The model's record as a model card, in Markdown or JSON.</summary>
    public async Task<Outcome<DownloadFile>> ModelCardAsync(CurrentUser user, Guid id, ModelCardFormat format, CancellationToken cancellationToken = default)
    {
        var detail = await DetailAsync(user, id, cancellationToken).ConfigureAwait(false);
        if (!detail.Succeeded)
            return detail.As<DownloadFile>();
        return Outcome.Done(ModelCard.Write(detail.Value!, format, clock.GetUtcNow()));
    }

    private async Task<Outcome?> RequireManagerAsync(CurrentUser user, Guid id, CancellationToken cancellationToken)
    {
        if (UseCase.Require(user, Policies.ManageModels, MayNotManage) is { } refused)
            return refused;
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        return await db.AiModels.AnyAsync(m => m.Id == id, cancellationToken).ConfigureAwait(false) ? null : Outcome.NotFound(NoSuchModel);
    }

    private async Task<Outcome> TellingSubscribersAsync(CurrentUser user, Guid id, Func<Task> change, string done, CancellationToken cancellationToken)
    {
        if (await RequireManagerAsync(user, id, cancellationToken).ConfigureAwait(false) is { } refused)
            return refused;
        var outcome = await UseCase.RunAsync(change, done).ConfigureAwait(false);

        // The deliveries are queued with the change: if the dispatch cannot start now, its next scheduled run sends them.
        if (outcome.Succeeded)
            await Task.Run(() => scheduler.RunNow(noticeDispatchJob), cancellationToken).ConfigureAwait(false);
        return outcome;
    }
}
