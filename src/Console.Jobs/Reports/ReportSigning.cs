namespace AdminConsole.Jobs.Reports;

/// <summary>Whether reports are signed, and with which certificate, as the Reports page tells its readers.</summary>
public sealed record ReportSigningState(bool IsSigned, string? Subject);

/// <summary>
/// Reads the signing certificate once, when the console starts: a configured certificate that cannot be used stops
/// the start with the reason (reports must not silently lose their signature), and the page shows whose it is.
/// </summary>
public sealed class ReportSigning
{
    public ReportSigning(ReportOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!options.Signing.IsConfigured)
        {
            State = new ReportSigningState(false, null);
            return;
        }

        using var certificate = ReportSigningCertificate.Load(options.Signing);
        State = new ReportSigningState(true, certificate.Subject);
    }

    public ReportSigningState State { get; }
}
