namespace AdminConsole.Domain.Model.Subprocessors;

/// <summary>An attestation a subprocessor holds, with the date it lapses.</summary>
public sealed record Certification(CertificationType Type, DateOnly ExpiresOn)
{
    /// <summary>Flagged this many days before it lapses.</summary>
    public const int ExpiryWarningDays = 30;

    public bool IsExpired(DateOnly today) => ExpiresOn < today;

    public bool ExpiresSoon(DateOnly today) => !IsExpired(today) && ExpiresOn <= today.AddDays(ExpiryWarningDays);
}
