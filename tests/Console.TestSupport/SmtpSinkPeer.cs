using System.Diagnostics;
using System.Text.Json;

namespace AdminConsole.TestSupport;

/// <summary>A real SMTP server on loopback (npm smtp-server, tests/Console.E2E/peers/smtp-sink.mjs) that keeps every message as JSON.</summary>
public sealed class SmtpSinkPeer : IAsyncDisposable
{
    private readonly Process _process;

    private SmtpSinkPeer(Process process, int port, string folder)
    {
        _process = process;
        Port = port;
        Folder = folder;
    }

    private Task<long>? _lastWords;

    public int Port { get; }

    /// <summary>How many messages a count-only server took, read from its last words; stops the server.</summary>
    public async Task<long> StopAndCountAsync()
    {
        if (!_process.HasExited)
        {
            using var kill = System.Diagnostics.Process.Start("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
            await kill.WaitForExitAsync();
            await _process.WaitForExitAsync();
        }

        return await _lastWords!;
    }

    public string Folder { get; }

    /// <param name="port">0 for any free port; a port number to come back on the port of a stopped sink.</param>
    /// <param name="folder">Where messages are kept; a stopped sink's folder to keep counting in it.</param>
    /// <param name="countOnly">Keep nothing, only count (for benchmarks); the count is printed when the server stops.</param>
    public static async Task<SmtpSinkPeer> StartAsync(int port = 0, string? folder = null, bool countOnly = false)
    {
        folder ??= Path.Combine(Path.GetTempPath(), $"adminconsole-mail-{Guid.NewGuid():N}");
        var start = new ProcessStartInfo("node") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(Path.Combine(ConsoleServer.RepositoryRoot, "tests", "Console.E2E", "peers", "smtp-sink.mjs"));
        start.Environment["SMTP_PORT"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        start.Environment["MAIL_DIR"] = countOnly ? string.Empty : folder;
        if (countOnly)
            start.Environment["SINK_MODE"] = "count";
        var process = Process.Start(start)!;
        var line = await process.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(30));
        if (line is null || !line.StartsWith("smtp-sink listening on 127.0.0.1:", StringComparison.Ordinal))
            throw new InvalidOperationException($"The SMTP server did not start: {line} {await process.StandardError.ReadToEndAsync()}");
        // Keep reading what the server reports, so that its pipe never fills up and blocks it.
        process.ErrorDataReceived += (_, _) => { };
        process.BeginErrorReadLine();

        var peer = new SmtpSinkPeer(process, int.Parse(line[(line.LastIndexOf(':') + 1)..], System.Globalization.CultureInfo.InvariantCulture), folder);
        peer._lastWords = Task.Run(async () =>
        {
            long count = -1;
            while (await process.StandardOutput.ReadLineAsync() is { } next)
            {
                if (next.StartsWith("received ", StringComparison.Ordinal))
                    count = long.Parse(next[9..], System.Globalization.CultureInfo.InvariantCulture);
            }

            return count;
        });
        return peer;
    }

    /// <summary>Settings for a <c>MailOptions</c> that sends through this server.</summary>
    public AdminConsole.Jobs.Mail.MailOptions MailOptions(string publicUrl = "https://console.example.com/") => new()
    {
        Host = "127.0.0.1",
        Port = Port,
        From = "Trust & Compliance <no-reply@console.example.com>",
        PublicUrl = new Uri(publicUrl),
    };

    /// <summary>The console's settings for sending through this server, as environment variables.</summary>
    public Dictionary<string, string> ConsoleSettings() => new()
    {
        ["Mail__Host"] = "127.0.0.1",
        ["Mail__Port"] = Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Mail__PickupDirectory"] = string.Empty,
    };

    public IReadOnlyList<JsonElement> Messages() =>
        Directory.Exists(Folder)
            ? Directory.GetFiles(Folder, "*.json").Order(StringComparer.Ordinal).Select(f => JsonDocument.Parse(File.ReadAllText(f)).RootElement.Clone()).ToList()
            : [];

    public async Task<JsonElement> WaitForMessageToAsync(string recipient, int index = 0)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (DateTime.UtcNow < deadline)
        {
            var messages = Messages().Where(m => m.GetProperty("to").EnumerateArray().Any(t => t.GetString() == recipient)).ToList();
            if (messages.Count > index)
                return messages[index];
            await Task.Delay(100);
        }

        throw new TimeoutException($"No message #{index + 1} to {recipient} arrived.");
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }
}
