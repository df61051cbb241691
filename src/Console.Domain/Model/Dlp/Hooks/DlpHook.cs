using AdminConsole.Domain.Model.Common;
using AdminConsole.Domain.Model.Workspaces;

namespace AdminConsole.Domain.Model.Dlp.Hooks;

/// <summary>
/// A DLP partner's endpoint in one workspace: where alerts are delivered, which events it takes, and the secret that
/// signs them (sealed; the clear secret is shown to the administrator once). Enterprise plan only. A rotated secret
/// keeps signing next to the new one until <see cref="PreviousSecretExpiresAt"/>, so the partner can switch without a gap.
/// </summary>
public sealed class DlpHook
{
    public const int NameMaxLength = 100;
    public const int UrlMaxLength = 2000;
    public const int EventsMaxLength = 200;
    public const int SealedSecretMaxLength = 1000;
    public const int ReasonMaxLength = 200;
    public const int ByMaxLength = 200;

    /// <summary>How long the old secret keeps signing after a rotation unless the command says otherwise.</summary>
    public static readonly TimeSpan RotationOverlap = TimeSpan.FromHours(24);

    private DlpHook()
    {
        Name = string.Empty;
        Url = string.Empty;
        Events = string.Empty;
        SealedSecret = string.Empty;
        CreatedBy = string.Empty;
    }

    public Guid Id { get; private set; }

    public Guid WorkspaceId { get; private set; }

    public string Name { get; private set; }

    public string Url { get; private set; }

    /// <summary>The subscribed events, comma-separated in catalog order (<see cref="DlpHookEvents"/>).</summary>
    public string Events { get; private set; }

    public IReadOnlyList<string> EventList => Events.Split(',', StringSplitOptions.RemoveEmptyEntries);

    public string SealedSecret { get; private set; }

    public string? PreviousSealedSecret { get; private set; }

    public DateTimeOffset? PreviousSecretExpiresAt { get; private set; }

    public bool Enabled { get; private set; }

    public DateTimeOffset? DisabledAt { get; private set; }

    public string? DisabledReason { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public string CreatedBy { get; private set; }

    public DateTimeOffset UpdatedAt { get; private set; }

    /// <summary>Why a workspace on <paramref name="plan"/> cannot have DLP hooks, or null when it can.</summary>
    public static string? WhyUnavailable(Plan plan) =>
        plan == Plan.Enterprise ? null : $"DLP hooks are available on the Enterprise plan; this workspace is on {plan}.";

    public static void EnsureAvailable(Plan plan)
    {
        if (WhyUnavailable(plan) is { } why)
            throw new DomainRuleException(string.Empty, why);
    }

    /// <param name="plainHttpAllowed">Whether this URL may use http (its host is an allow-listed address); otherwise https only.</param>
    public static DlpHook Create(
        Guid workspaceId, Plan plan, string? name, string? url, IEnumerable<string>? events, string sealedSecret, bool plainHttpAllowed, string by, DateTimeOffset now)
    {
        EnsureAvailable(plan);
        ArgumentException.ThrowIfNullOrEmpty(sealedSecret);
        return new DlpHook
        {
            Id = Guid.NewGuid(),
            WorkspaceId = workspaceId,
            Name = Guard.Text(name, nameof(Name), "Name", NameMaxLength),
            Url = ValidUrl(url, plainHttpAllowed),
            Events = ValidEvents(events),
            SealedSecret = sealedSecret,
            Enabled = true,
            CreatedAt = now,
            CreatedBy = Cut(by, ByMaxLength),
            UpdatedAt = now,
        };
    }

    /// <summary>
    /// An absolute https URL of at most 2000 characters, without user info or fragment; http only when
    /// <paramref name="plainHttpAllowed"/>. Where it points is checked at each connection, not here.
    /// </summary>
    public static string ValidUrl(string? url, bool plainHttpAllowed)
    {
        var text = url?.Trim() ?? string.Empty;
        if (text.Length == 0)
            throw new DomainRuleException(nameof(Url), "The URL is required.");
        if (text.Length > UrlMaxLength)
            throw new DomainRuleException(nameof(Url), $"The URL must be at most {UrlMaxLength} characters.");
        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || uri.HostNameType == UriHostNameType.Unknown || string.IsNullOrEmpty(uri.Host))
            throw new DomainRuleException(nameof(Url), $"'{text}' is not an absolute URL.");
        if (uri.Scheme == Uri.UriSchemeHttp && !plainHttpAllowed)
            throw new DomainRuleException(nameof(Url), "The URL must use https.");
        if (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp)
            throw new DomainRuleException(nameof(Url), "The URL must use https.");
        if (uri.UserInfo.Length > 0)
            throw new DomainRuleException(nameof(Url), "The URL must not contain a user name or password; the signature authenticates the console.");
        if (uri.Fragment.Length > 0)
            throw new DomainRuleException(nameof(Url), "The URL must not contain a fragment (#…).");
        return uri.AbsoluteUri;
    }

    public void ChangeUrl(string? url, bool plainHttpAllowed, DateTimeOffset now)
    {
        Url = ValidUrl(url, plainHttpAllowed);
        UpdatedAt = now;
    }

    public void ChangeEvents(IEnumerable<string>? events, DateTimeOffset now)
    {
        Events = ValidEvents(events);
        UpdatedAt = now;
    }

    public void Rename(string? name, DateTimeOffset now)
    {
        Name = Guard.Text(name, nameof(Name), "Name", NameMaxLength);
        UpdatedAt = now;
    }

    public bool IsSubscribedTo(string eventType) => EventList.Contains(eventType, StringComparer.Ordinal);

    /// <summary>A new current secret; the one it replaces keeps signing for <paramref name="overlap"/>.</summary>
    public void RotateSecret(string newSealedSecret, TimeSpan overlap, DateTimeOffset now)
    {
        ArgumentException.ThrowIfNullOrEmpty(newSealedSecret);
        if (overlap < TimeSpan.Zero || overlap > TimeSpan.FromDays(30))
            throw new DomainRuleException(nameof(PreviousSecretExpiresAt), "The overlap of the old secret must be between 0 and 30 days.");
        PreviousSealedSecret = overlap > TimeSpan.Zero ? SealedSecret : null;
        PreviousSecretExpiresAt = overlap > TimeSpan.Zero ? now + overlap : null;
        SealedSecret = newSealedSecret;
        UpdatedAt = now;
    }

    /// <summary>The sealed secrets that sign a message sent at <paramref name="now"/>: the current one, then the previous while it overlaps.</summary>
    public IReadOnlyList<string> SigningSecrets(DateTimeOffset now) =>
        PreviousSealedSecret is { } previous && PreviousSecretExpiresAt is { } until && now < until
            ? [SealedSecret, previous]
            : [SealedSecret];

    public void Disable(string reason, DateTimeOffset now)
    {
        Enabled = false;
        DisabledAt = now;
        DisabledReason = Cut(Guard.Text(reason, nameof(DisabledReason), "The reason", int.MaxValue), ReasonMaxLength);
        UpdatedAt = now;
    }

    public void Enable(Plan plan, DateTimeOffset now)
    {
        EnsureAvailable(plan);
        Enabled = true;
        DisabledAt = null;
        DisabledReason = null;
        UpdatedAt = now;
    }

    private static string ValidEvents(IEnumerable<string>? events)
    {
        var chosen = (events ?? []).Select(e => e?.Trim() ?? string.Empty).Where(e => e.Length > 0).Distinct(StringComparer.Ordinal).ToList();
        if (chosen.FirstOrDefault(e => !DlpHookEvents.IsKnown(e)) is { } unknown)
            throw new DomainRuleException(nameof(Events), $"'{unknown}' is not a DLP hook event; choose from {string.Join(", ", DlpHookEvents.All)}.");
        if (chosen.Count == 0)
            throw new DomainRuleException(nameof(Events), "Choose at least one event.");
        return string.Join(',', DlpHookEvents.All.Where(chosen.Contains));
    }

    private static string Cut(string value, int max) => value.Length <= max ? value : value[..max];
}
