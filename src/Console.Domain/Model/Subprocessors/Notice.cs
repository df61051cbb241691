namespace AdminConsole.Domain.Model.Subprocessors;

public enum NoticeKind
{
    Added = 0,
    Removed = 1,
    Changed = 2,

    /// <summary>A model of an authorized provider started serving customers.</summary>
    ModelInProduction = 3,

    /// <summary>A model stopped serving customers.</summary>
    ModelRetired = 4,
}

/// <summary>
/// What subscribers are told about a change to the subprocessor list, and from when it applies. Notices are
/// never edited: a correction is a new notice.
/// </summary>
public sealed class Notice
{
    public const int TitleMaxLength = 300;
    public const int SummaryMaxLength = 2000;

    private Notice()
    {
        Title = Summary = string.Empty;
    }

    public Guid Id { get; private set; }

    public Guid SubprocessorId { get; private set; }

    /// <summary>The model a model notice is about (null for a subprocessor's notice).</summary>
    public Guid? AiModelId { get; private set; }

    public NoticeKind Kind { get; private set; }

    public string Title { get; private set; }

    public string Summary { get; private set; }

    public DateTimeOffset PublishedAt { get; private set; }

    public DateTimeOffset EffectiveAt { get; private set; }

    /// <summary>Confirmed subscribers when the notice was published: one delivery each.</summary>
    public int Recipients { get; private set; }

    /// <summary>When the last delivery was sent or given up on; null while any is still queued.</summary>
    public DateTimeOffset? DeliveryFinishedAt { get; private set; }

    public void FinishDelivery(DateTimeOffset now) => DeliveryFinishedAt ??= now;

    internal static Notice For(Subprocessor subprocessor, NoticeKind kind, DateTimeOffset publishedAt, DateTimeOffset effectiveAt)
    {
        var (title, summary) = kind switch
        {
            NoticeKind.Added => (
                $"New subprocessor: {subprocessor.LegalName}",
                $"{subprocessor.LegalName} ({subprocessor.Category}, {string.Join(", ", subprocessor.Countries)}) will process {string.Join(", ", subprocessor.DataCategories)} " +
                $"for: {subprocessor.Purpose}. Effective {effectiveAt:yyyy-MM-dd HH:mm} UTC."),
            NoticeKind.Removed => (
                $"Subprocessor removed: {subprocessor.LegalName}",
                $"{subprocessor.LegalName} no longer processes customer data, from {effectiveAt:yyyy-MM-dd HH:mm} UTC."),
            _ => (
                $"Subprocessor changed: {subprocessor.LegalName}",
                $"The terms under which {subprocessor.LegalName} processes customer data change, effective {effectiveAt:yyyy-MM-dd HH:mm} UTC."),
        };
        return new Notice
        {
            Id = Guid.NewGuid(),
            SubprocessorId = subprocessor.Id,
            Kind = kind,
            Title = Clip(title, TitleMaxLength),
            Summary = Clip(summary, SummaryMaxLength),
            PublishedAt = publishedAt,
            EffectiveAt = effectiveAt,
        };
    }

    /// <summary>
    /// A model entering production or retired: effective at once, since its provider is already authorized (a new
    /// provider went through its own notice period first).
    /// </summary>
    public static Notice ForModel(AiModels.AiModel model, Subprocessor provider, NoticeKind kind, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(provider);
        var uses = model.Features.Count == 0 ? string.Empty : $" for {string.Join(", ", model.Features.Select(AiSettings.AiFeatures.Describe))}";
        var (title, summary) = kind switch
        {
            NoticeKind.ModelInProduction => (
                $"AI model in use: {model.Title} ({provider.LegalName})",
                $"{model.Title} by {provider.LegalName} now serves {model.Purpose.Label().ToLowerInvariant()}{uses}, hosted in {model.Region}. " +
                $"Provider retention: {model.RetentionText.ToLowerInvariant()}. Not trained on your data. Effective {now:yyyy-MM-dd HH:mm} UTC."),
            NoticeKind.ModelRetired => (
                $"AI model retired: {model.Title} ({provider.LegalName})",
                $"{model.Title} by {provider.LegalName} no longer serves customers, from {now:yyyy-MM-dd HH:mm} UTC."),
            _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Not a model notice."),
        };
        return new Notice
        {
            Id = Guid.NewGuid(),
            SubprocessorId = provider.Id,
            AiModelId = model.Id,
            Kind = kind,
            Title = Clip(title, TitleMaxLength),
            Summary = Clip(summary, SummaryMaxLength),
            PublishedAt = now,
            EffectiveAt = now,
        };
    }

    private static string Clip(string value, int max) => value.Length <= max ? value : value[..(max - 1)] + "…";
}
