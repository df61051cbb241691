using System.ComponentModel.DataAnnotations;
using AdminConsole.Domain.Model.Lifecycle;

namespace AdminConsole.Web.Components.Pages.Lifecycle;

/// <summary>
/// The shape of a new legal hold; whether its dates make sense (ends after it starts, in the future) is the
/// model's rule, shown next to the field it names. Dates are entered and shown in UTC.
/// </summary>
public sealed class LegalHoldFormModel
{
    [Required(ErrorMessage = "Reason is required.")]
    [MaxLength(LegalHold.ReasonMaxLength, ErrorMessage = "Reason must be at most 1000 characters.")]
    public string? Reason { get; set; }

    [Required(ErrorMessage = "From is required.")]
    public DateTime? From { get; set; }

    public DateTime? Until { get; set; }

    public static DateTimeOffset Utc(DateTime value) => new(DateTime.SpecifyKind(value, DateTimeKind.Utc));
}
