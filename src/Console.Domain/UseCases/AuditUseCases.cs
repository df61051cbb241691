using System.Text.Json;
using AdminConsole.Domain.Access;
using AdminConsole.Domain.Audit;
using AdminConsole.Domain.Model.Audit;
using AdminConsole.Domain.Persistence;
using Microsoft.EntityFrameworkCore;

namespace AdminConsole.Domain.UseCases;

/// <summary>The audit log's filters as a reader types them: whole UTC days, an actor's name or id, an action, a workspace's id.</summary>
public sealed record AuditLogFilter(DateOnly? From = null, DateOnly? To = null, string? Actor = null, string? Action = null, string? Workspace = null)
{
    public const int ActorMaxLength = 200;
}

/// <summary>A page of entries, with the names of the workspaces they name (those the reader may see).</summary>
public sealed record AuditLogView(IReadOnlyList<AuditLogItem> Items, int Total, IReadOnlyDictionary<Guid, string> WorkspaceNames);

/// <summary>One field of an entry's before and after.</summary>
public sealed record AuditDiffRow(string Field, string? Before, string? After)
{
    public bool Changed => !string.Equals(Before, After, StringComparison.Ordinal);
}

/// <summary>One entry with its before and after side by side, and the name of its workspace if the reader may see it.</summary>
public sealed record AuditEntryView(AuditEntry Entry, string? WorkspaceName, IReadOnlyList<AuditDiffRow> Diff);

/// <summary>
/// The audit log: every console role reads it, cut to their scope (a workspace admin their workspaces' entries, legal
/// holds left out); admins, compliance officers and auditors verify the chain.
/// </summary>
public sealed class AuditUseCases(IDbContextFactory<ConsoleDbContext> dbFactory, AuditSealing sealing)
{
    public const string WorkspaceField = "Workspace";
    public const string ToField = "To";

    /// <summary>The actions a reader may filter by; any other text is matched as typed.</summary>
    public static readonly IReadOnlyList<string> KnownActions =
    [
        "workspace.created", "workspace.updated", "team.added", "team.removed", "member.added", "member.removed",
        "workspace-admin.assigned", "workspace-admin.removed", "user.signed-in", "user.signed-out",
    ];

    private const string MayNotRead = "Your role may not read the audit log.";

    /// <summary>A page of the entries the filter selects, newest first; a filter that cannot be read is refused, naming its field.</summary>
    public async Task<Outcome<AuditLogView>> LogAsync(CurrentUser user, AuditLogFilter filter, int skip, int take, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(filter);
        if (UseCase.Require(user, Policies.ViewAuditLog, MayNotRead) is { } refused)
            return refused.As<AuditLogView>();
        Guid? workspaceId = null;
        if (!string.IsNullOrWhiteSpace(filter.Workspace))
        {
            if (!Guid.TryParse(filter.Workspace.Trim(), out var parsed))
                return Outcome.Refused(WorkspaceField, "Workspace id must be a GUID, such as 7c9e6679-7425-40de-944b-e07fc1f90ae7.").As<AuditLogView>();
            workspaceId = parsed;
        }

        if (filter.From is { } f && filter.To is { } t && t <= f)
            return Outcome.Refused(ToField, "'To' must be after 'From'.").As<AuditLogView>();

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        var request = new AuditLogRequest(
            filter.From is { } from ? new DateTimeOffset(from.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero) : null,
            filter.To is { } to ? new DateTimeOffset(to.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero) : null,
            filter.Actor is { Length: > AuditLogFilter.ActorMaxLength } actor ? actor[..AuditLogFilter.ActorMaxLength] : filter.Actor,
            workspaceId, string.IsNullOrWhiteSpace(filter.Action) ? null : filter.Action.Trim(), skip, take);
        var page = await AuditLogQuery.RunAsync(db, request, db.AuditScope(user), cancellationToken).ConfigureAwait(false);
        var ids = page.Items.Where(i => i.WorkspaceId is not null).Select(i => i.WorkspaceId!.Value).Distinct().ToList();
        var names = await db.Visible(user).AsNoTracking().Where(w => ids.Contains(w.Id)).ToDictionaryAsync(w => w.Id, w => w.Name, cancellationToken).ConfigureAwait(false);
        return Outcome.Done(new AuditLogView(page.Items, page.Total, names));
    }

    /// <summary>One entry; not found when it does not exist or is outside the reader's scope.</summary>
    public async Task<Outcome<AuditEntryView>> EntryAsync(CurrentUser user, long sequence, CancellationToken cancellationToken = default)
    {
        if (UseCase.Require(user, Policies.ViewAuditLog, MayNotRead) is { } refused)
            return refused.As<AuditEntryView>();
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        var entry = await AuditLogQuery.FindAsync(db, sequence, db.AuditScope(user), cancellationToken).ConfigureAwait(false);
        if (entry is null)
            return Outcome.NotFound($"There is no audit entry #{sequence}, or it is not one you may read.").As<AuditEntryView>();
        var name = entry.WorkspaceId is { } id
            ? await db.Visible(user).AsNoTracking().Where(w => w.Id == id).Select(w => w.Name).FirstOrDefaultAsync(cancellationToken).ConfigureAwait(false)
            : null;
        return Outcome.Done(new AuditEntryView(entry, name, Diff(entry.Before, entry.After)));
    }

    /// <summary>Walks the whole chain: hashes, and seals where a chain key is configured; names the first broken link.</summary>
    public async Task<Outcome<AuditVerification>> VerifyAsync(CurrentUser user, CancellationToken cancellationToken = default)
    {
        if (UseCase.Require(user, Policies.VerifyAuditLog, "Only administrators, compliance officers and auditors verify the audit log.") is { } refused)
            return refused.As<AuditVerification>();
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        return Outcome.Done(await AuditLogVerifier.VerifyAsync(db, sealing, cancellationToken).ConfigureAwait(false));
    }

    /// <summary>An entry's before and after, field by field (top-level properties), in field order.</summary>
    public static IReadOnlyList<AuditDiffRow> Diff(string? before, string? after)
    {
        var b = Flatten(before);
        var a = Flatten(after);
        return [.. b.Keys.Union(a.Keys).Order(StringComparer.Ordinal).Select(k => new AuditDiffRow(k, b.GetValueOrDefault(k), a.GetValueOrDefault(k)))];
    }

    private static Dictionary<string, string?> Flatten(string? json)
    {
        var result = new Dictionary<string, string?>(StringComparer.Ordinal);
        if (string.IsNullOrEmpty(json))
            return result;
        using var document = JsonDocument.Parse(json);
        if (document.RootElement.ValueKind != JsonValueKind.Object)
        {
            result["value"] = document.RootElement.ToString();
            return result;
        }

        foreach (var property in document.RootElement.EnumerateObject())
            result[property.Name] = property.Value.ValueKind == JsonValueKind.String ? property.Value.GetString() : property.Value.GetRawText();
        return result;
    }
}
