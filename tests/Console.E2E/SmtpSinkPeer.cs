using System.Diagnostics;
using System.Text.Json;
using AdminConsole.TestSupport;

namespace AdminConsole.E2E;

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

    public int Port { get; }

    public string Folder { get; }

    public static async Task<SmtpSinkPeer> StartAsync()
    {
        var folder = Path.Combine(Path.GetTempPath(), $"adminconsole-mail-{Guid.NewGuid():N}");
        var start = new ProcessStartInfo("node") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(Path.Combine(ConsoleServer.RepositoryRoot, "tests", "Console.E2E", "peers", "smtp-sink.mjs"));
        start.Environment["SMTP_PORT"] = "0";
        start.Environment["MAIL_DIR"] = folder;
        var process = Process.Start(start)!;
        var line = await process.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(30));
        if (line is null || !line.StartsWith("smtp-sink listening on 127.0.0.1:", StringComparison.Ordinal))
            throw new InvalidOperationException($"The SMTP server did not start: {line} {await process.StandardError.ReadToEndAsync()}");
        return new SmtpSinkPeer(process, int.Parse(line[(line.LastIndexOf(':') + 1)..], System.Globalization.CultureInfo.InvariantCulture), folder);
    }

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
