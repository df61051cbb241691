using System.Net.Mail;

namespace AdminConsole.Domain.Model.Common;

internal static class Guard
{
    public static string Text(string? value, string field, string label, int maxLength)
    {
        var trimmed = value?.Trim() ?? string.Empty;
        if (trimmed.Length == 0)
            throw new DomainRuleException(field, $"{label} is required.");
        if (trimmed.Length > maxLength)
            throw new DomainRuleException(field, $"{label} must be at most {maxLength} characters.");
        if (trimmed.Any(char.IsControl))
            throw new DomainRuleException(field, $"{label} must not contain control characters.");
        return trimmed;
    }

    public static TEnum Defined<TEnum>(TEnum value, string field, string label)
        where TEnum : struct, Enum
    {
        if (!Enum.IsDefined(value))
        {
            var allowed = string.Join(", ", Enum.GetNames<TEnum>());
            throw new DomainRuleException(field, $"{label} '{value}' is unknown; choose one of {allowed}.");
        }

        return value;
    }

    public static string Email(string? value, string field, int maxLength)
    {
        var email = Text(value, field, "Email", maxLength);
        if (!MailAddress.TryCreate(email, out var parsed) || parsed.Address != email || !email.Contains('@', StringComparison.Ordinal))
            throw new DomainRuleException(field, $"'{email}' is not a valid email address.");
        return email;
    }
}
