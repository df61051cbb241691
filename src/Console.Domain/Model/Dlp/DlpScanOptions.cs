using AdminConsole.Domain.Model.Common;

namespace AdminConsole.Domain.Model.Dlp;

/// <summary>What one scan looks for: the built-in detectors that are on and a workspace's custom patterns.</summary>
public sealed class DlpScanOptions
{
    public DlpScanOptions(IEnumerable<string> enabledDetectorIds, IEnumerable<DlpCustomPattern>? customPatterns = null)
    {
        ArgumentNullException.ThrowIfNull(enabledDetectorIds);
        var ids = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var id in enabledDetectorIds)
        {
            var index = DlpDetectors.IndexOf(id);
            if (index < 0)
                throw new DomainRuleException("Detectors", $"'{id}' is not a built-in DLP detector; choose from {string.Join(", ", DlpDetectors.AllIds)}.");
            ids.Add(id);
            EnabledMask |= 1 << index;
        }

        EnabledDetectorIds = ids;
        CustomPatterns = customPatterns?.ToArray() ?? [];
        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var pattern in CustomPatterns)
        {
            if (!names.Add(pattern.Name))
                throw new DomainRuleException("CustomPatterns", $"Two custom patterns are named '{pattern.Name}'; names must be unique.");
        }
    }

    /// <summary>Every built-in detector on, no custom pattern.</summary>
    public static DlpScanOptions AllBuiltIn { get; } = new(DlpDetectors.AllIds);

    public IReadOnlySet<string> EnabledDetectorIds { get; }

    public IReadOnlyList<DlpCustomPattern> CustomPatterns { get; }

    internal int EnabledMask { get; }

    public DlpScanOptions WithCustomPatterns(IEnumerable<DlpCustomPattern> customPatterns) => new(EnabledDetectorIds, customPatterns);

    public bool IsEnabled(string detectorId)
    {
        var index = DlpDetectors.IndexOf(detectorId);
        return index >= 0 ? IsEnabled((BuiltInDetector)index) : CustomPatterns.Any(p => string.Equals(p.DetectorId, detectorId, StringComparison.Ordinal));
    }

    internal bool IsEnabled(BuiltInDetector detector) => (EnabledMask & (1 << (int)detector)) != 0;
}
