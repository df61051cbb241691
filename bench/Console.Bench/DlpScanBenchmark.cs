using System.Diagnostics;
using System.Globalization;
using System.Text;
using AdminConsole.Domain.Model.Dlp;

namespace AdminConsole.Bench;

/// <summary>
/// <see cref="DlpScanner"/> with every built-in detector on, one thread, over a deterministic 100 MiB mixed corpus
/// (prose, code, JSON, numbers and dates, with true positives of each detector and near misses sprinkled in), against
/// ripgrep (<c>rg -j1</c>) searching the same file for the same shapes. ripgrep only matches the shapes: it does no
/// Luhn, mod-97, SSN-range or JWT-header check, so its counts are higher.
/// </summary>
internal static class DlpScanBenchmark
{
    private const int Size = 100 * 1024 * 1024;
    private const int Chunk = 1024 * 1024;

    /// <summary>Chunks overlap by this much so that a match across a chunk boundary is seen whole in the next chunk.</summary>
    private const int Overlap = 8 * 1024;

    private const int Runs = 7;

    private static readonly string[] Words =
    [
        "the", "policy", "workspace", "retention", "notice", "subscriber", "of", "and", "to", "in", "a", "is", "for", "on", "with",
        "admin", "console", "report", "page", "export", "prompt", "output", "model", "provider", "data", "customer", "invoice",
        "payment", "order", "shipped", "account", "balance", "review", "quarter", "team", "member", "access", "key", "token",
        "Asia", "Europe", "desk", "task", "risk", "skill", "ask", "github", "stripe", "email", "phone", "call", "card", "number",
    ];

    private static readonly string[] TruePositives =
    [
        "4111 1111 1111 1111", "5555555555554444", "378282246310005", "123-45-6789", "DE89 3704 0044 0532 0130 00",
        "GB82WEST12345698765432", "jane.doe@example.com", "+44 20 7946 0958", "(415) 555-2671", "AKIAIOSFODNN7EXAMPLE",
        "ghp_aBcDeFgHiJkLmNoPqRsTuVwXyZ0123456789", "sk_test_4eC39HqLyjWDarjtT1zdp7dc", "sk-proj-abc123DEF456ghi789JKL012mno",
        "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c",
    ];

    private static readonly string[] NearMisses =
    [
        "4111 1111 1111 1112", "666-12-3456", "123-00-4567", "DE88370400440532013000", "icon@2x.png", "user@localhost", "2026-11-22",
        "v10.15.7", "192.168.1.100", "(123) 456-7890", "AKIAIOSFODNN7EXAMPL", "ghp_short", "sk-this-is-a-kebab-case-identifier",
        "eyJub3QganNvbg.eyJzdWIiOiIxIn0.c2ln", "1234567812345678",
    ];

    private static readonly string[] RipgrepPatterns =
    [
        @"\b[2-6][0-9]{12,18}\b|\b[2-6][0-9]{3}(?:[ -][0-9]{4}){2}[ -][0-9]{1,4}\b|\b3[0-9]{3}[ -][0-9]{6}[ -][0-9]{4,5}\b",
        @"\b[0-9]{3}-[0-9]{2}-[0-9]{4}\b",
        @"\b[A-Z]{2}[0-9]{2}(?: ?[A-Z0-9]{4}){2,7}(?: ?[A-Z0-9]{1,3})?\b",
        @"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}\b",
        @"\+[1-9][0-9](?:[ .-]?[0-9]){6,13}\b|\([2-9][0-9]{2}\) ?[2-9][0-9]{2}[-.][0-9]{4}\b|\b(?:1-)?[2-9][0-9]{2}[-.][2-9][0-9]{2}[-.][0-9]{4}\b",
        @"\b(?:AKIA|ASIA)[A-Z0-9]{16}\b",
        @"\bgh[pousr]_[A-Za-z0-9]{36}\b|\bgithub_pat_[A-Za-z0-9_]{22,}",
        @"\b[rs]k_(?:live|test)_[A-Za-z0-9]{24,}",
        @"\bsk-(?:proj-)?[A-Za-z0-9_-]{20,}",
        @"-----BEGIN (?:RSA |EC |DSA |OPENSSH |ENCRYPTED )?PRIVATE KEY-----",
        @"\beyJ[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+",
    ];

    public static async Task RunAsync()
    {
        Report.Section("DLP scan: DlpScanner (all built-in detectors, 1 thread) vs ripgrep -j1, same 100 MiB file");
        var path = Path.Combine(Path.GetTempPath(), $"dlp-corpus-{Environment.ProcessId}.txt");
        var patterns = Path.Combine(Path.GetTempPath(), $"dlp-patterns-{Environment.ProcessId}.txt");
        try
        {
            var planted = await GenerateAsync(path);
            await File.WriteAllLinesAsync(patterns, RipgrepPatterns);
            var megabytes = new FileInfo(path).Length / (1024.0 * 1024.0);
            Report.Line($"- corpus: {megabytes:0} MiB, {planted:N0} planted true positives and as many near misses");

            var (counts, _) = Scan(path, DlpScanOptions.AllBuiltIn);
            Report.Line($"- findings: {counts.Values.Sum():N0} ({string.Join(", ", counts.OrderBy(c => c.Key, StringComparer.Ordinal).Select(c => $"{c.Key} {c.Value:N0}"))})");

            // The machine is shared and its speed drifts by tens of percent within seconds, so the scanner and both
            // ripgrep modes alternate within each round and the ratio is taken per round against that round's faster rg.
            var scanner = new List<double>();
            var unicodeRg = new List<double>();
            var asciiRg = new List<double>();
            var ratios = new List<double>();
            long rgMatches = 0;
            var haveRg = await RipgrepAsync(path, patterns, unicode: true) is not null;
            for (var run = 0; run < Runs; run++)
            {
                var rate = megabytes / Scan(path, DlpScanOptions.AllBuiltIn).Elapsed.TotalSeconds;
                scanner.Add(rate);
                if (!haveRg)
                    continue;
                var (unicodeTime, matches) = (await RipgrepAsync(path, patterns, unicode: true))!.Value;
                var (asciiTime, _) = (await RipgrepAsync(path, patterns, unicode: false))!.Value;
                rgMatches = matches;
                unicodeRg.Add(megabytes / unicodeTime.TotalSeconds);
                asciiRg.Add(megabytes / asciiTime.TotalSeconds);
                ratios.Add(rate / Math.Max(unicodeRg[^1], asciiRg[^1]));
            }

            Report.Line($"- DlpScanner: {Report.Stats(scanner, "MiB/s")}");
            if (haveRg)
            {
                Report.Line($"- ripgrep -j1 (default, Unicode \\b): {Report.Stats(unicodeRg, "MiB/s")}, {rgMatches:N0} matches (shapes only, no validation)");
                Report.Line($"- ripgrep -j1 --no-unicode: {Report.Stats(asciiRg, "MiB/s")}");
                Report.Line($"- ratio DlpScanner / faster ripgrep, per round: median {Report.Median(ratios):0.00} (min {ratios.Min():0.00}, max {ratios.Max():0.00}; goal >= 0.5)");
            }
            else
            {
                Report.Line("- ripgrep: skipped (rg is not installed: apt-get install -y ripgrep)");
            }

            foreach (var family in Families())
            {
                var rates = new List<double>();
                for (var run = 0; run < 3; run++)
                    rates.Add(megabytes / Scan(path, family.Options).Elapsed.TotalSeconds);
                Report.Line($"  - only {family.Name}: {Report.Stats(rates, "MiB/s")}");
            }
        }
        finally
        {
            File.Delete(path);
            File.Delete(patterns);
        }
    }

    private static IEnumerable<(string Name, DlpScanOptions Options)> Families()
    {
        yield return ("numbers (card, SSN, IBAN, phone)", new DlpScanOptions([DlpDetectors.PaymentCard, DlpDetectors.UsSsn, DlpDetectors.Iban, DlpDetectors.Phone]));
        yield return ("email", new DlpScanOptions([DlpDetectors.Email]));
        yield return ("secrets (keys, tokens, private keys, JWT)", new DlpScanOptions([DlpDetectors.AwsAccessKey, DlpDetectors.GitHubToken, DlpDetectors.StripeKey, DlpDetectors.OpenAiKey, DlpDetectors.PrivateKey, DlpDetectors.Jwt]));
        yield return ("nothing (reading the file only)", new DlpScanOptions([]));
    }

    /// <summary>Reads the file in 1 MiB chunks (as the AI product's largest prompts and outputs) and scans each; a finding is counted in the chunk where it starts.</summary>
    private static (Dictionary<string, int> Counts, TimeSpan Elapsed) Scan(string path, DlpScanOptions options)
    {
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        var buffer = new char[Chunk + Overlap];
        var watch = Stopwatch.StartNew();
        using var reader = new StreamReader(path, Encoding.UTF8, false, 1 << 16);
        var carried = 0;
        while (true)
        {
            var filled = carried;
            while (filled < buffer.Length)
            {
                var read = reader.Read(buffer, filled, buffer.Length - filled);
                if (read == 0)
                    break;
                filled += read;
            }

            var last = filled < buffer.Length;
            var counted = last ? filled : filled - Overlap;
            foreach (var finding in DlpScanner.Scan(buffer.AsSpan(0, filled), options))
            {
                if (finding.Start < counted)
                    counts[finding.DetectorId] = counts.GetValueOrDefault(finding.DetectorId) + 1;
            }

            if (last)
                break;
            buffer.AsSpan(counted, Overlap).CopyTo(buffer);
            carried = Overlap;
        }

        watch.Stop();
        return (counts, watch.Elapsed);
    }

    /// <summary>One rg run over the file, or null when rg is not installed.</summary>
    private static async Task<(TimeSpan Elapsed, long Matches)?> RipgrepAsync(string path, string patterns, bool unicode)
    {
        var start = new ProcessStartInfo("rg") { RedirectStandardOutput = true, RedirectStandardError = true };
        if (!unicode)
            start.ArgumentList.Add("--no-unicode");
        foreach (var argument in (string[])["--count-matches", "-j1", "--no-filename", "-f", patterns, path])
            start.ArgumentList.Add(argument);
        Process? process;
        var watch = Stopwatch.StartNew();
        try
        {
            process = Process.Start(start);
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return null;
        }

        if (process is null)
            return null;
        using (process)
        {
            var output = await process.StandardOutput.ReadToEndAsync();
            await process.WaitForExitAsync();
            watch.Stop();
            if (process.ExitCode is not (0 or 1))
                throw new InvalidOperationException($"rg failed: {await process.StandardError.ReadToEndAsync()}");
            var count = output.Trim();
            return (watch.Elapsed, count.Length == 0 ? 0 : long.Parse(count, CultureInfo.InvariantCulture));
        }
    }

    private static async Task<int> GenerateAsync(string path)
    {
        var random = new Random(20261202);
        var planted = 0;
        await using var writer = new StreamWriter(path, false, new UTF8Encoding(false), 1 << 20);
        var line = new StringBuilder(256);
        long written = 0;
        while (written < Size)
        {
            line.Clear();
            switch (random.Next(10))
            {
                case < 4:
                    Prose(random, line);
                    break;
                case < 6:
                    line.Append(CultureInfo.InvariantCulture, $"    var {Word(random)}{random.Next(100)} = {Word(random)}.Get{Word(random)}({random.Next(10_000)}, \"{Word(random)}\", {random.NextDouble() * 100:0.00});");
                    break;
                case < 8:
                    line.Append(CultureInfo.InvariantCulture, $"{{\"id\": {random.Next(1_000_000)}, \"name\": \"{Word(random)} {Word(random)}\", \"price\": {random.NextDouble() * 1000:0.00}, ")
                        .Append(CultureInfo.InvariantCulture, $"\"created\": \"2026-{random.Next(1, 13):00}-{random.Next(1, 29):00}T{random.Next(24):00}:{random.Next(60):00}:00Z\", \"ref\": \"{Hex(random, 12)}\"}}");
                    break;
                default:
                    line.Append(CultureInfo.InvariantCulture, $"{random.Next(2020, 2027)}-{random.Next(1, 13):00}-{random.Next(1, 29):00} {random.Next(24):00}:{random.Next(60):00} build {random.Next(10)}.{random.Next(30)}.{random.Next(100)} ")
                        .Append(CultureInfo.InvariantCulture, $"host 10.{random.Next(256)}.{random.Next(256)}.{random.Next(256)} took {random.Next(5000)} ms, {random.Next(100_000):N0} rows, order #{random.Next(1_000_000)}");
                    break;
            }

            if (random.Next(50) == 0)
            {
                line.Append(" note ").Append(TruePositives[planted % TruePositives.Length]).Append(" and ").Append(NearMisses[random.Next(NearMisses.Length)]).Append('.');
                planted++;
            }

            if (random.Next(5_000) == 0)
            {
                line.Append("\n-----BEGIN RSA PRIVATE KEY-----\nMIIBOgIBAAJBAKj34GkxFhD90vcNLYLInFEX6Ppy1tPf9Cnzj4p4WGeKLs1Pt8Qu\n-----END RSA PRIVATE KEY-----");
                planted++;
            }

            line.Append('\n');
            written += line.Length;
            await writer.WriteAsync(line);
        }

        return planted;
    }

    private static void Prose(Random random, StringBuilder line)
    {
        var count = random.Next(8, 24);
        for (var i = 0; i < count; i++)
        {
            if (i > 0)
                line.Append(random.Next(12) == 0 ? ", " : " ");
            line.Append(Word(random));
            if (random.Next(15) == 0)
                line.Append(' ').Append(random.Next(1000).ToString(CultureInfo.InvariantCulture));
        }

        line.Append('.');
    }

    private static string Word(Random random) => Words[random.Next(Words.Length)];

    private static string Hex(Random random, int length)
    {
        Span<char> chars = stackalloc char[length];
        for (var i = 0; i < length; i++)
            chars[i] = "0123456789abcdef"[random.Next(16)];
        return chars.ToString();
    }
}
