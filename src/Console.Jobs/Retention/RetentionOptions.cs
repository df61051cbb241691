namespace AdminConsole.Jobs.Retention;

/// <summary>The <c>Retention</c> configuration section: how the purge jobs run (what they keep is the retention policy's).</summary>
public sealed class RetentionOptions
{
    public const string SectionName = "Retention";

    /// <summary>How often each purge job runs.</summary>
    public TimeSpan Interval { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Rows per key range (or per batch of pages and workspaces' rows): bounds each statement's time.</summary>
    public int BatchSize { get; set; } = 10_000;

    /// <summary>Pages and workspaces purged per transaction with everything that belongs to them.</summary>
    public int PageBatchSize { get; set; } = 500;

    /// <summary>SQLite has one writer: a short pause between batches lets the UI write in between.</summary>
    public TimeSpan PauseBetweenBatches { get; set; } = TimeSpan.FromMilliseconds(10);

    /// <summary>
    /// Embeddings are purged this long before their deadline, so that a run that comes an interval later than
    /// planned is still in time.
    /// </summary>
    public TimeSpan EmbeddingLead { get; set; } = TimeSpan.FromDays(1);
}
