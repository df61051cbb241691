using System.Globalization;
using AdminConsole.Domain.Model.Common;

namespace AdminConsole.Domain.Model.Lifecycle;

/// <summary>
/// A page of the AI product as the console knows it: which workspace it belongs to and whether it is in the
/// trash. Deleting puts it in the trash; it can be restored until the restore window ends, then it is purged
/// with its AI outputs and embeddings.
/// </summary>
public sealed class Page
{
    public const int TitleMaxLength = 300;

    private Page()
    {
        Title = string.Empty;
    }

    public Guid Id { get; private set; }

    public Guid WorkspaceId { get; private set; }

    public string Title { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    /// <summary>When it went to the trash; null while it is live.</summary>
    public DateTimeOffset? DeletedAt { get; private set; }

    public static Page Create(Guid id, Guid workspaceId, string? title, DateTimeOffset now)
    {
        if (id == Guid.Empty)
            throw new DomainRuleException(nameof(Id), "Page id is required.");
        return new Page { Id = id, WorkspaceId = workspaceId, Title = Guard.Text(title, nameof(Title), "Title", TitleMaxLength), CreatedAt = now };
    }

    /// <summary>When the page is purged for good (the end of its restore window); null while it is live.</summary>
    public DateTimeOffset? PurgeAt(TimeSpan restoreWindow) => DeletedAt + restoreWindow;

    /// <summary>Into the trash; deleting a page that is already there changes nothing (false).</summary>
    public bool Delete(DateTimeOffset now)
    {
        if (DeletedAt is not null)
            return false;
        DeletedAt = now;
        return true;
    }

    /// <summary>Back out of the trash, only before its restore window ends; refused with the reason after that.</summary>
    public void Restore(DateTimeOffset now, TimeSpan restoreWindow)
    {
        if (DeletedAt is not { } deleted)
            throw new DomainRuleException(nameof(DeletedAt), "The page is not in the trash.");
        if (WhyNotRestorable(deleted, now, restoreWindow) is { } reason)
            throw new DomainRuleException(nameof(DeletedAt), reason);
        DeletedAt = null;
    }

    /// <summary>Why something deleted at <paramref name="deletedAt"/> can no longer be restored, or null while it can.</summary>
    public static string? WhyNotRestorable(DateTimeOffset deletedAt, DateTimeOffset now, TimeSpan restoreWindow) =>
        now < deletedAt + restoreWindow
            ? null
            : string.Create(CultureInfo.InvariantCulture,
                $"It was deleted on {deletedAt:yyyy-MM-dd HH:mm} UTC and the restore window of {restoreWindow.TotalDays:0} days ended on {deletedAt + restoreWindow:yyyy-MM-dd HH:mm} UTC: it can no longer be restored, and is deleted for good by the next trash purge (unless a legal hold keeps it).");
}
