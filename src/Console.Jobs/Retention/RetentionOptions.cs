namespace AdminConsole.Jobs.Retention;

/// <summary>The <c>Retention</c> configuration section: how the purge jobs run (what they keep is the retention policy's).</summary>
public sealed class RetentionOptions
{
    public const string SectionName = "Retention";

    /// <summary>How often each purge job runs.</summary>
    public TimeSpan Interval { get; set; } = TimeSpan.FromHours(1);

    /// <summary>
    /// Keys in the first range of a table walk (and rows per batch of a deleted workspace's rows); the walk then sizes
    /// each range so that its deletes take about <see cref="StatementTarget"/>.
    /// </summary>
    public int BatchSize { get; set; } = 10_000;

    /// <summary>The most keys in one range of a table walk, however fast the deletes go.</summary>
    public int MaxBatchSize { get; set; } = 1_000_000;

    /// <summary>
    /// How long one range's deletes should take: long enough to be efficient, short enough to bound every statement.
    /// On SQLite each range's commit writes every index page its deletes touched, and with thousands of workspaces'
    /// rows interleaved those are as many pages as rows: at 100 ms a range the walk ran at 47 % of one raw DELETE over
    /// 10,000 workspaces, at 170 ms at 74 %, its longest statement 195 ms (docs/benchmarks.md, 2026-12-04).
    /// </summary>
    public TimeSpan StatementTarget { get; set; } = TimeSpan.FromMilliseconds(160);

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
