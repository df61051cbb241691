using System.Diagnostics;
using System.Net.Sockets;
using System.Text;
using AdminConsole.Domain.Commands;
using AdminConsole.Domain.Model.Audit;
using AdminConsole.Domain.Model.Subprocessors;
using AdminConsole.Domain.Persistence;
using AdminConsole.Jobs.Mail;
using AdminConsole.Jobs.Notices;
using AdminConsole.TestSupport;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;

namespace AdminConsole.Bench;

/// <summary>
/// A notice fanned out to 10,000 and to 100,000 confirmed subscribers through a local SMTP server (npm
/// smtp-server, counting only): the dispatcher's emails/s and peak memory, against a minimal SMTP loop sending the
/// same message to the same server in the same run.
/// </summary>
internal static class NoticeBenchmark
{
    private static readonly AuditActor Officer = new("officer-1", "Olivia Officer", "ComplianceOfficer", null);

    public static async Task RunAsync(params int[] sizes)
    {
        sizes = sizes.Length == 0 ? [10_000, 100_000] : sizes;
        var providers = new List<DatabaseProvider> { DatabaseProvider.Sqlite };
        if (Environment.GetEnvironmentVariable(TestDatabase.PostgresVariable) is { Length: > 0 })
            providers.Add(DatabaseProvider.Postgres);

        Report.Section("Notices: fan-out to confirmed subscribers through a local SMTP server");

        foreach (var count in sizes)
        {
            // The machine's speed drifts by tens of percent within minutes, so loop and dispatcher alternate,
            // each ratio is taken against the loop measured just before it, and the medians are reported.
            var rounds = count >= 100_000 ? 3 : 5;
            foreach (var provider in providers)
            {
                var ratios = new List<double>();
                var rates = new List<double>();
                var baselines = new List<double>();
                for (var round = 1; round <= rounds; round++)
                {
                    var baseline = await RawLoopAsync(count);
                    var (fanOut, rate, peakHeap, peakRss) = await DispatchAsync(provider, count);
                    baselines.Add(baseline);
                    rates.Add(rate);
                    ratios.Add(rate / baseline);
                    Report.Line($"- {provider}, {count:N0} subscribers, round {round}: minimal loop {baseline:N0} emails/s; queued in {fanOut.TotalMilliseconds:N0} ms; " +
                        $"sent {rate:N0} emails/s = {rate / baseline:P0}; peak managed heap {peakHeap:0} MiB, peak RSS {peakRss:0} MiB");
                }

                Report.Line($"- {provider}, {count:N0} subscribers, median of {rounds}: minimal loop {Median(baselines):N0} emails/s, dispatcher {Median(rates):N0} emails/s, " +
                    $"ratio {Median(ratios):P0} (range {ratios.Min():P0}–{ratios.Max():P0})");
            }
        }
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
    }

    private static async Task<(TimeSpan FanOut, double Rate, double PeakHeapMiB, double PeakRssMiB)> DispatchAsync(DatabaseProvider provider, int count)
    {
        await using var database = await TestDatabase.CreateAsync(provider, pooled: true);
        await database.MigrateAsync();
        await SeedAsync(database, count);
        var sink = await WarmSinkAsync();
        try
        {
            var clock = TimeProvider.System;
            var commands = new SubprocessorCommands(database.CreateFactory(), clock, new SubprocessorOptions());
            var id = await commands.ProposeAsync(Officer, new SubprocessorDetails(
                "Vector Store Inc", "Embeddings for workspace search", ProcessingCategory.VectorStore, ["Page content"], ["US"], [], "DPA-7", true, 0, RiskTier.Medium, null));
            var fanOut = Stopwatch.StartNew();
            await commands.PublishNoticeAsync(Officer, id, DateTimeOffset.UtcNow.AddDays(31));
            fanOut.Stop();

            GC.Collect();
            GC.WaitForPendingFinalizers();
            var dispatcher = new NoticeDispatcher(database.CreateFactory(), clock, new MailSender(sink.MailOptions(), clock), new NoticeLinks(new EphemeralDataProtectionProvider(), database.CreateFactory()), new NoticeOptions());
            using var sampler = new PeakSampler();
            var watch = Stopwatch.StartNew();
            var result = await dispatcher.RunAsync(CancellationToken.None);
            watch.Stop();
            if (result.Items != count || result.Errors != 0)
                throw new InvalidOperationException($"dispatch sent {result.Items} with {result.Errors} errors: {result.FirstError}");
            var (heap, rss) = sampler.Stop();
            var received = await sink.StopAndCountAsync();
            if (received != WarmUp + count)
                throw new InvalidOperationException($"the SMTP server took {received - WarmUp} messages, not {count}");
            return (fanOut.Elapsed, count / watch.Elapsed.TotalSeconds, heap, rss);
        }
        finally
        {
            await sink.DisposeAsync();
        }
    }

    /// <summary>Each measurement gets its own server, warmed first (its JIT, and ours) by this many messages.</summary>
    private const int WarmUp = 2_000;

    private static async Task<SmtpSinkPeer> WarmSinkAsync()
    {
        var sink = await SmtpSinkPeer.StartAsync(countOnly: true);
        await RawLoopAsync(sink, WarmUp);
        return sink;
    }

    /// <summary>What the server can take from a minimal client: measured on a warmed server of its own.</summary>
    private static async Task<double> RawLoopAsync(int count)
    {
        var sink = await WarmSinkAsync();
        try
        {
            var rate = await RawLoopAsync(sink, count);
            var received = await sink.StopAndCountAsync();
            if (received != WarmUp + count)
                throw new InvalidOperationException($"the SMTP server took {received - WarmUp} messages, not {count}");
            return rate;
        }
        finally
        {
            await sink.DisposeAsync();
        }
    }

    /// <summary>The same message, MAIL/RCPT/DATA after one EHLO, with nothing else, on one connection.</summary>
    private static async Task<double> RawLoopAsync(SmtpSinkPeer sink, int count)
    {
        {
            var notice = Subprocessor.Propose(new SubprocessorDetails(
                "Vector Store Inc", "Embeddings for workspace search", ProcessingCategory.VectorStore, ["Page content"], ["US"], [], "DPA-7", true, 0, RiskTier.Medium, null), DateTimeOffset.UtcNow)
                .PublishNotice(DateTimeOffset.UtcNow, DateTimeOffset.UtcNow.AddDays(31), Subprocessor.DefaultNoticePeriod);
            var from = MimeKit.MailboxAddress.Parse("Trust & Compliance <no-reply@console.example.com>");
            var site = new Uri("https://console.example.com/");
            using var tcp = new TcpClient { NoDelay = true };
            await tcp.ConnectAsync("127.0.0.1", sink.Port);
            var stream = tcp.GetStream();
            using var reader = new StreamReader(stream, Encoding.ASCII, false, 4096, leaveOpen: true);
            async Task ExpectAsync(string code)
            {
                string? line;
                do
                {
                    line = await reader.ReadLineAsync() ?? throw new IOException("closed");
                }
                while (line.Length > 3 && line[3] == '-');
                if (!line.StartsWith(code, StringComparison.Ordinal))
                    throw new IOException(line);
            }

            async Task SendAsync(string line) => await stream.WriteAsync(Encoding.ASCII.GetBytes(line + "\r\n"));
            await ExpectAsync("220");
            await SendAsync("EHLO bench");
            await ExpectAsync("250");
            var watch = Stopwatch.StartNew();
            for (var i = 0; i < count; i++)
            {
                var to = $"subscriber{i:000000}@example.com";
                using var bytes = new MemoryStream();
                NoticeMail.Compose(notice, Guid.NewGuid(), to, null, "raw-loop-token", site, "console.example.com").ToMimeMessage(from, DateTimeOffset.UtcNow).WriteTo(DkimSigning.Wire, bytes);
                if (bytes.Length < 2 || bytes.GetBuffer()[bytes.Length - 1] != '\n')
                    bytes.Write("\r\n"u8);
                var message = bytes.ToArray();
                await SendAsync($"MAIL FROM:<{from.Address}>");
                await ExpectAsync("250");
                await SendAsync($"RCPT TO:<{to}>");
                await ExpectAsync("250");
                await SendAsync("DATA");
                await ExpectAsync("354");
                await stream.WriteAsync(message);
                await stream.WriteAsync(".\r\n"u8.ToArray());
                await ExpectAsync("250");
            }

            watch.Stop();
            await SendAsync("QUIT");
            await ExpectAsync("221");
            return count / watch.Elapsed.TotalSeconds;
        }
    }

    private static async Task SeedAsync(TestDatabase database, int count)
    {
        var now = DateTimeOffset.UtcNow.AddDays(-1);
        for (var start = 0; start < count; start += 5_000)
        {
            await using var db = database.CreateContext();
            db.ChangeTracker.AutoDetectChangesEnabled = false;
            for (var i = start; i < Math.Min(count, start + 5_000); i++)
            {
                var (subscription, token) = Subscription.Request($"subscriber{i:000000}@example.com", i % 3 == 0 ? "Example Corp" : null, now);
                subscription.Confirm(token, now);
                db.Subscriptions.Add(subscription);
            }

            await db.SaveChangesAsync();
        }
    }

    /// <summary>Samples the managed heap and the resident set every 50 ms; reports the peaks in MiB.</summary>
    private sealed class PeakSampler : IDisposable
    {
        private readonly CancellationTokenSource _stop = new();
        private readonly Task _loop;
        private long _heap;
        private long _rss;

        public PeakSampler() => _loop = Task.Run(async () =>
        {
            while (!_stop.IsCancellationRequested)
            {
                Sample();
                await Task.Delay(50).ConfigureAwait(false);
            }
        });

        public (double HeapMiB, double RssMiB) Stop()
        {
            _stop.Cancel();
            _loop.Wait();
            Sample();
            return (_heap / 1048576.0, _rss / 1048576.0);
        }

        public void Dispose() => _stop.Dispose();

        private void Sample()
        {
            _heap = Math.Max(_heap, GC.GetTotalMemory(false));
            _rss = Math.Max(_rss, (long)(Report.RssMiB(Environment.ProcessId) * 1048576));
        }
    }
}
