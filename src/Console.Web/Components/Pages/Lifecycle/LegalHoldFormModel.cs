using System.ComponentModel.DataAnnotations;
using System.Globalization;
using AdminConsole.Domain.Model.Lifecycle;

namespace AdminConsole.Web.Components.Pages.Lifecycle;

/// <summary>
/// The shape of a new legal hold. Its times are typed as ISO UTC ("2026-12-05 14:30"), the one format the console shows;
/// whether they make sense (ends after it starts, in the future) is the model's rule, shown next to the field it names.
/// </summary>
public sealed class LegalHoldFormModel
{
    public const string Format = "yyyy-MM-dd HH:mm";

    [Required(ErrorMessage = "Reason is required.")]
    [MaxLength(LegalHold.ReasonMaxLength, ErrorMessage = "Reason must be at most 1000 characters.")]
    public string? Reason { get; set; }

    [Required(ErrorMessage = "From is required.")]
    [RegularExpression(@"^\s*\d{4}-\d{2}-\d{2} \d{2}:\d{2}\s*$", ErrorMessage = "Enter From as year-month-day hours:minutes in UTC, such as 2026-12-05 14:30.")]
    public string? From { get; set; }

    [RegularExpression(@"^\s*(\d{4}-\d{2}-\d{2} \d{2}:\d{2})?\s*$", ErrorMessage = "Enter Until as year-month-day hours:minutes in UTC, such as 2026-12-31 23:59, or leave it empty.")]
    public string? Until { get; set; }

    /// <summary>A time as typed, in UTC; null when empty or not a real time (the 31st of February).</summary>
    public static DateTimeOffset? Utc(string? value) =>
        DateTime.TryParseExact(value?.Trim(), Format, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var time)
            ? new DateTimeOffset(time, TimeSpan.Zero)
            : null;
}
