namespace AdminConsole.Jobs.Hooks;

/// <summary>The <c>DlpHooks</c> configuration section.</summary>
public sealed class DlpHookOptions
{
    public const string SectionName = "DlpHooks";

    /// <summary>
    /// Addresses or CIDR ranges hooks may be delivered to although they are not public (loopback, private, link-local,
    /// CGNAT, unique-local); plain http is allowed only to these. Empty by default: hooks reach public https endpoints only.
    /// </summary>
    public IList<string> AllowedNetworks { get; } = [];

    /// <summary>How long one attempt may take, connection included; an endpoint that does not answer in time is retried.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>Attempts before a delivery is dead-lettered.</summary>
    public int MaxAttempts { get; set; } = 8;

    public TimeSpan DispatchInterval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Deliveries claimed at a time; sent one after another, so a batch lasts at most this many timeouts.</summary>
    public int BatchSize { get; set; } = 20;

    /// <summary>Batches per run, so that one run ends and records itself even while events keep coming.</summary>
    public int MaxBatchesPerRun { get; set; } = 50;

    /// <summary>
    /// How long a claim holds: longer than a whole batch of timeouts (20 × 15 s), so a live dispatcher never loses
    /// its claim; a dispatcher that died mid-batch has its deliveries taken over after it.
    /// </summary>
    public TimeSpan ClaimLifetime { get; set; } = TimeSpan.FromMinutes(10);
}
