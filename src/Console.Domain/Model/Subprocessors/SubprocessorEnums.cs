namespace AdminConsole.Domain.Model.Subprocessors;

/// <summary>What a subprocessor does with customer data.</summary>
public enum ProcessingCategory
{
    Llm = 0,
    Embeddings = 1,
    VectorStore = 2,
    Hosting = 3,
    Dlp = 4,
    Analytics = 5,
    Support = 6,
    Other = 7,
}

public enum RiskTier
{
    Low = 0,
    Medium = 1,
    High = 2,
    Critical = 3,
}

/// <summary>
/// Lifecycle: proposed, then a published notice gives subscribers notice before the effective date, then a job
/// authorizes it on that date, never earlier; retired ones can no longer be selected anywhere.
/// </summary>
public enum SubprocessorStatus
{
    Proposed = 0,
    NoticePeriod = 1,
    Authorized = 2,
    Retired = 3,
}

public enum CertificationType
{
    Soc2Type2 = 0,
    Iso27001 = 1,
    HipaaBaa = 2,
    Iso27701 = 3,
    Other = 4,
}
