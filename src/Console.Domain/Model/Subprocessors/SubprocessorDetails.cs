using AdminConsole.Domain.Model.Common;

namespace AdminConsole.Domain.Model.Subprocessors;

/// <summary>
/// The descriptive fields of a subprocessor, validated once: what the registry, the trust page and the
/// notices say about it.
/// </summary>
public sealed record SubprocessorDetails
{
    public const int LegalNameMaxLength = 200;
    public const int PurposeMaxLength = 1000;
    public const int DataCategoryMaxLength = 80;
    public const int DpaReferenceMaxLength = 200;
    public const int WebsiteMaxLength = 300;
    public const int MaxListItems = 30;

    public SubprocessorDetails(
        string? legalName,
        string? purpose,
        ProcessingCategory category,
        IEnumerable<string>? dataCategories,
        IEnumerable<string>? countries,
        IEnumerable<Certification>? certifications,
        string? dpaReference,
        bool zeroRetentionCapable,
        int? retentionDays,
        RiskTier riskTier,
        string? website)
    {
        LegalName = Guard.Text(legalName, nameof(LegalName), "Legal name", LegalNameMaxLength);
        Purpose = Guard.Text(purpose, nameof(Purpose), "Purpose", PurposeMaxLength);
        Category = Guard.Defined(category, nameof(Category), "Processing category");
        DataCategories = List(dataCategories, nameof(DataCategories), "Data category", DataCategoryMaxLength, required: true);
        Countries = CountryCodes(countries);
        Certifications = (certifications ?? []).ToList();
        foreach (var certification in Certifications)
            Guard.Defined(certification.Type, nameof(Certifications), "Certification");
        if (Certifications.GroupBy(c => c.Type).Any(g => g.Count() > 1))
            throw new DomainRuleException(nameof(Certifications), "Each certification may be listed once.");
        DpaReference = Guard.Text(dpaReference, nameof(DpaReference), "DPA reference", DpaReferenceMaxLength);
        ZeroRetentionCapable = zeroRetentionCapable;
        if (retentionDays is < 0 or > 3650)
            throw new DomainRuleException(nameof(RetentionDays), "Retention must be between 0 and 3650 days.");
        if (zeroRetentionCapable && retentionDays is > 0)
            throw new DomainRuleException(nameof(RetentionDays), "A zero-retention-capable subprocessor keeps data for 0 days under that option; leave retention empty or 0.");
        RetentionDays = retentionDays;
        RiskTier = Guard.Defined(riskTier, nameof(RiskTier), "Risk tier");
        Website = WebsiteUrl(website);
    }

    public string LegalName { get; }

    public string Purpose { get; }

    public ProcessingCategory Category { get; }

    public IReadOnlyList<string> DataCategories { get; }

    /// <summary>ISO 3166-1 alpha-2 country codes, or region codes such as EU.</summary>
    public IReadOnlyList<string> Countries { get; }

    public IReadOnlyList<Certification> Certifications { get; }

    public string DpaReference { get; }

    public bool ZeroRetentionCapable { get; }

    public int? RetentionDays { get; }

    public RiskTier RiskTier { get; }

    public string? Website { get; }

    /// <summary>Value equality, lists compared item by item (a record alone compares list references).</summary>
    public bool Equals(SubprocessorDetails? other) =>
        other is not null
        && LegalName == other.LegalName && Purpose == other.Purpose && Category == other.Category
        && DataCategories.SequenceEqual(other.DataCategories) && Countries.SequenceEqual(other.Countries)
        && Certifications.SequenceEqual(other.Certifications) && DpaReference == other.DpaReference
        && ZeroRetentionCapable == other.ZeroRetentionCapable && RetentionDays == other.RetentionDays
        && RiskTier == other.RiskTier && Website == other.Website;

    public override int GetHashCode() => HashCode.Combine(LegalName, Category, DpaReference, RiskTier, Website);

    private static List<string> List(IEnumerable<string>? values, string field, string label, int maxLength, bool required)
    {
        var items = (values ?? [])
            .Select(v => v?.Trim() ?? string.Empty)
            .Where(v => v.Length > 0)
            .Distinct(StringComparer.OrdinalIgnoreCase)
            .Select(v => Guard.Text(v, field, label, maxLength))
            .ToList();
        if (required && items.Count == 0)
            throw new DomainRuleException(field, $"At least one {label.ToLowerInvariant()} is required.");
        if (items.Count > MaxListItems)
            throw new DomainRuleException(field, $"At most {MaxListItems} entries.");
        return items;
    }

    private static List<string> CountryCodes(IEnumerable<string>? values)
    {
        var codes = List(values, nameof(Countries), "Country or region", 8, required: true)
            .Select(c => c.ToUpperInvariant())
            .ToList();
        var invalid = codes.FirstOrDefault(c => c.Length != 2 || !c.All(char.IsAsciiLetterUpper));
        if (invalid is not null)
            throw new DomainRuleException(nameof(Countries), $"'{invalid}' is not a two-letter country or region code (US, DE, EU…).");
        return codes;
    }

    private static string? WebsiteUrl(string? website)
    {
        var value = website?.Trim();
        if (string.IsNullOrEmpty(value))
            return null;
        if (value.Length > WebsiteMaxLength || !Uri.TryCreate(value, UriKind.Absolute, out var uri) || uri.Scheme != Uri.UriSchemeHttps)
            throw new DomainRuleException(nameof(Website), "Website must be an https:// address.");
        return uri.ToString();
    }
}
