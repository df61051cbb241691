using System.Diagnostics.Metrics;

namespace AdminConsole.Domain.Telemetry;

/// <summary>
/// The console's own measurements, under the meter <see cref="Name"/>: what its jobs did and what the product sent it.
/// Exported by OpenTelemetry (OTLP, Prometheus <c>/metrics</c>) when configured; without a listener each call costs
/// next to nothing. Tags are closed sets (job names, kinds of data, outcomes, built-in detector ids) so that a series
/// never grows with the data.
/// </summary>
public static class ConsoleMeter
{
    public const string Name = "AdminConsole";

    private static readonly Meter Meter = new(Name, typeof(ConsoleMeter).Assembly.GetName().Version?.ToString());

    /// <summary>Job runs finished, tagged <c>job</c> and <c>outcome</c>.</summary>
    public static readonly Counter<long> JobRuns = Meter.CreateCounter<long>("adminconsole.job.runs", "{run}", "Job runs finished, by job and outcome.");

    /// <summary>How long job runs took, tagged <c>job</c> and <c>outcome</c>.</summary>
    public static readonly Histogram<double> JobDuration = Meter.CreateHistogram<double>("adminconsole.job.duration", "s", "How long job runs took, by job and outcome.");

    /// <summary>Items the purges deleted, tagged <c>kind</c> (prompts, outputs, embeddings, pages…), counted as each batch commits.</summary>
    public static readonly Counter<long> ItemsPurged = Meter.CreateCounter<long>("adminconsole.purge.items", "{item}", "Items deleted by the retention, embedding and trash purges, by kind of data.");

    /// <summary>Subprocessor notice mails the SMTP server accepted.</summary>
    public static readonly Counter<long> NoticesSent = Meter.CreateCounter<long>("adminconsole.notices.sent", "{mail}", "Subprocessor notice mails the SMTP server accepted.");

    /// <summary>Notice mails that could not be sent, tagged <c>failure</c>: <c>temporary</c> (tried again) or <c>permanent</c>.</summary>
    public static readonly Counter<long> NoticesFailed = Meter.CreateCounter<long>("adminconsole.notices.failed", "{mail}", "Subprocessor notice mails that could not be sent, by failure (temporary, permanent).");

    /// <summary>DLP hook delivery attempts, tagged <c>outcome</c> (delivered, retrying, failed).</summary>
    public static readonly Counter<long> HookDeliveries = Meter.CreateCounter<long>("adminconsole.dlp_hook.deliveries", "{attempt}", "DLP hook delivery attempts, by outcome.");

    /// <summary>Sensitive content found in what the product sent, tagged <c>detector</c> (a built-in id, or <c>custom</c>).</summary>
    public static readonly Counter<long> DlpFindings = Meter.CreateCounter<long>("adminconsole.dlp.findings", "{finding}", "DLP findings in prompts and outputs the product sent, by detector.");

    /// <summary>Effective-policy answers, tagged <c>result</c>: <c>hit</c> (from the cache) or <c>miss</c> (from the database).</summary>
    public static readonly Counter<long> PolicyCacheLookups = Meter.CreateCounter<long>("adminconsole.policy_cache.lookups", "{lookup}", "Effective-policy lookups, by cache result (hit, miss).");

    /// <summary>One tag, for the calls above.</summary>
    public static KeyValuePair<string, object?> Tag(string name, object? value) => new(name, value);
}
