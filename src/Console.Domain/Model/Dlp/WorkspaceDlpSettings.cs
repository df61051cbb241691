using AdminConsole.Domain.Model.Common;

namespace AdminConsole.Domain.Model.Dlp;

/// <summary>
/// Which detectors scan a workspace's prompts and AI outputs: every built-in one unless its admins turned it off,
/// and the workspace's own custom detectors. DLP itself is always on; a workspace without a row has every built-in
/// detector on and no custom one.
/// </summary>
public sealed class WorkspaceDlpSettings
{
    public const int MaxCustomDetectors = 50;
    public const int DisabledMaxLength = 2000;

    private readonly List<DlpCustomDetector> _customDetectors = [];

    private WorkspaceDlpSettings()
    {
        Disabled = string.Empty;
    }

    public Guid WorkspaceId { get; private set; }

    /// <summary>The built-in detectors turned off, by id, space separated.</summary>
    public string Disabled { get; private set; }

    public IReadOnlyList<DlpCustomDetector> CustomDetectors => _customDetectors;

    public DateTimeOffset ChangedAt { get; private set; }

    public string ChangedBy { get; private set; } = string.Empty;

    public IReadOnlySet<string> DisabledIds => Disabled.Split(' ', StringSplitOptions.RemoveEmptyEntries).ToHashSet(StringComparer.Ordinal);

    public static WorkspaceDlpSettings Defaults(Guid workspaceId, DateTimeOffset now) => new()
    {
        WorkspaceId = workspaceId,
        ChangedAt = now,
        ChangedBy = "default",
    };

    public bool IsOn(string detectorId) => !DisabledIds.Contains(detectorId);

    /// <summary>Turns a built-in detector on or off; false when it already was so.</summary>
    public bool Turn(string? detectorId, bool on, string by, DateTimeOffset now)
    {
        var detector = DlpDetectors.Find(detectorId ?? string.Empty)
            ?? throw new DomainRuleException("detector", $"There is no built-in detector '{detectorId}'; choose one of {string.Join(", ", DlpDetectors.All.Select(d => d.Id))}.");
        var disabled = DisabledIds.ToHashSet(StringComparer.Ordinal);
        var changed = on ? disabled.Remove(detector.Id) : disabled.Add(detector.Id);
        if (!changed)
            return false;
        Disabled = string.Join(' ', disabled.Order(StringComparer.Ordinal));
        Touch(by, now);
        return true;
    }

    /// <summary>Adds a custom detector; the pattern is checked (and tried on the sample) before anything changes.</summary>
    public DlpCustomDetector AddCustom(string? name, string? pattern, DlpSeverity severity, string? sample, string by, DateTimeOffset now)
    {
        var checkedPattern = DlpCustomPattern.Create(name, pattern, severity, sample);
        if (_customDetectors.Count >= MaxCustomDetectors)
            throw new DomainRuleException("Name", $"A workspace has at most {MaxCustomDetectors} custom detectors; remove one first.");
        if (_customDetectors.Any(d => string.Equals(d.Name, checkedPattern.Name, StringComparison.OrdinalIgnoreCase)))
            throw new DomainRuleException("Name", $"This workspace already has a custom detector named '{checkedPattern.Name}'.");
        var detector = new DlpCustomDetector(Guid.NewGuid(), WorkspaceId, checkedPattern.Name, checkedPattern.Pattern, checkedPattern.Severity, now, by);
        _customDetectors.Add(detector);
        Touch(by, now);
        return detector;
    }

    public DlpCustomDetector RemoveCustom(Guid id, string by, DateTimeOffset now)
    {
        var detector = _customDetectors.SingleOrDefault(d => d.Id == id)
            ?? throw new DomainRuleException("detector", "This workspace has no such custom detector.");
        _customDetectors.Remove(detector);
        Touch(by, now);
        return detector;
    }

    /// <summary>What a scan of this workspace's content runs with.</summary>
    public DlpScanOptions ScanOptions()
    {
        var disabled = DisabledIds;
        return new DlpScanOptions(
            [.. DlpDetectors.All.Select(d => d.Id).Where(id => !disabled.Contains(id))],
            [.. _customDetectors.Select(d => d.ToPattern())]);
    }

    private void Touch(string by, DateTimeOffset now)
    {
        ChangedBy = Guard.Text(by, nameof(ChangedBy), "Changed by", DlpAlert.ByMaxLength);
        ChangedAt = now;
    }
}

/// <summary>A workspace's own pattern, e.g. its project code names or customer numbers.</summary>
public sealed class DlpCustomDetector
{
    private DlpCustomDetector()
    {
        Name = string.Empty;
        Pattern = string.Empty;
        CreatedBy = string.Empty;
    }

    internal DlpCustomDetector(Guid id, Guid workspaceId, string name, string pattern, DlpSeverity severity, DateTimeOffset createdAt, string createdBy)
    {
        Id = id;
        WorkspaceId = workspaceId;
        Name = name;
        Pattern = pattern;
        Severity = severity;
        CreatedAt = createdAt;
        CreatedBy = createdBy;
    }

    public Guid Id { get; private set; }

    public Guid WorkspaceId { get; private set; }

    public string Name { get; private set; }

    public string Pattern { get; private set; }

    public DlpSeverity Severity { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public string CreatedBy { get; private set; }

    /// <summary>The detector id its alerts carry.</summary>
    public string DetectorId => DlpDetector.CustomPrefix + Name;

    internal DlpCustomPattern ToPattern() => DlpCustomPattern.Restore(Name, Pattern, Severity);
}
