using System.ComponentModel.DataAnnotations;
using AdminConsole.Domain.Model.Subprocessors;

namespace AdminConsole.Web.Components.Pages.Subprocessors;

/// <summary>The registry form: shape checks here, the model's rules when it becomes <see cref="SubprocessorDetails"/>.</summary>
public sealed class SubprocessorFormModel
{
    [Required(ErrorMessage = "Legal name is required.")]
    [StringLength(SubprocessorDetails.LegalNameMaxLength, ErrorMessage = "Legal name must be at most 200 characters.")]
    public string? LegalName { get; set; }

    [Required(ErrorMessage = "Purpose is required.")]
    [StringLength(SubprocessorDetails.PurposeMaxLength, ErrorMessage = "Purpose must be at most 1000 characters.")]
    public string? Purpose { get; set; }

    [Required(ErrorMessage = "Choose a processing category.")]
    [EnumDataType(typeof(ProcessingCategory), ErrorMessage = "Choose one of the listed categories.")]
    public ProcessingCategory? Category { get; set; }

    [Required(ErrorMessage = "List at least one data category, separated by commas.")]
    public string? DataCategories { get; set; }

    [Required(ErrorMessage = "List at least one country or region code, separated by commas (US, DE, EU…).")]
    public string? Countries { get; set; }

    [Required(ErrorMessage = "DPA reference is required.")]
    [StringLength(SubprocessorDetails.DpaReferenceMaxLength, ErrorMessage = "DPA reference must be at most 200 characters.")]
    public string? DpaReference { get; set; }

    public bool ZeroRetentionCapable { get; set; }

    [Range(0, 3650, ErrorMessage = "Retention must be between 0 and 3650 days.")]
    public int? RetentionDays { get; set; }

    [Required(ErrorMessage = "Choose a risk tier.")]
    [EnumDataType(typeof(RiskTier), ErrorMessage = "Choose one of the listed risk tiers.")]
    public RiskTier? RiskTier { get; set; }

    [StringLength(SubprocessorDetails.WebsiteMaxLength, ErrorMessage = "Website must be at most 300 characters.")]
    public string? Website { get; set; }

    public List<CertificationRow> Certifications { get; set; } = [];

    public static SubprocessorFormModel From(Subprocessor s)
    {
        ArgumentNullException.ThrowIfNull(s);
        return new SubprocessorFormModel
        {
            LegalName = s.LegalName,
            Purpose = s.Purpose,
            Category = s.Category,
            DataCategories = string.Join(", ", s.DataCategories),
            Countries = string.Join(", ", s.Countries),
            DpaReference = s.DpaReference,
            ZeroRetentionCapable = s.ZeroRetentionCapable,
            RetentionDays = s.RetentionDays,
            RiskTier = s.RiskTier,
            Website = s.Website,
            Certifications = s.Certifications.Select(c => new CertificationRow { Type = c.Type, ExpiresOn = c.ExpiresOn.ToDateTime(TimeOnly.MinValue) }).ToList(),
        };
    }

    /// <summary>Throws <see cref="AdminConsole.Domain.Model.Common.DomainRuleException"/> naming the field at fault.</summary>
    public SubprocessorDetails ToDetails() => new(
        LegalName, Purpose, Category!.Value, Split(DataCategories), Split(Countries),
        Certifications.Where(c => c.Type is not null && c.ExpiresOn is not null).Select(c => new Certification(c.Type!.Value, DateOnly.FromDateTime(c.ExpiresOn!.Value))),
        DpaReference, ZeroRetentionCapable, RetentionDays, RiskTier!.Value, Website);

    private static string[] Split(string? list) => (list ?? string.Empty).Split([',', ';', '\n'], StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);

    public sealed class CertificationRow
    {
        public CertificationType? Type { get; set; }

        public DateTime? ExpiresOn { get; set; }
    }
}
