using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;

namespace AdminConsole.TestSupport;

/// <summary>
/// A real webhook receiver on loopback (tests/Console.E2E/peers/webhook-receiver.mjs) that verifies every request with
/// the reference Standard Webhooks library and records what it got; its paths choose how it answers (ok, fail, slow,
/// 429, 410, redirect).
/// </summary>
public sealed class WebhookReceiverPeer : IAsyncDisposable
{
    private readonly Process _process;
    private readonly HttpClient _control = new();

    private WebhookReceiverPeer(Process process, int port)
    {
        _process = process;
        Port = port;
        _control.BaseAddress = new Uri($"http://127.0.0.1:{port}/");
    }

    public int Port { get; }

    /// <summary>The URL of a path on the receiver, e.g. <c>Url("fail/2")</c>; a fresh query keeps its counts the test's own.</summary>
    public string Url(string path) => $"http://127.0.0.1:{Port}/{path}?t={Guid.NewGuid():N}";

    public static async Task<WebhookReceiverPeer> StartAsync()
    {
        var start = new ProcessStartInfo("node") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(Path.Combine(ConsoleServer.RepositoryRoot, "tests", "Console.E2E", "peers", "webhook-receiver.mjs"));
        start.Environment["RECEIVER_PORT"] = "0";
        var process = Process.Start(start)!;
        var line = await process.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(30));
        if (line is null || !line.StartsWith("webhook-receiver listening on 127.0.0.1:", StringComparison.Ordinal))
            throw new InvalidOperationException($"The webhook receiver did not start: {line} {await process.StandardError.ReadToEndAsync()}");
        process.ErrorDataReceived += (_, _) => { };
        process.BeginErrorReadLine();
        _ = Task.Run(async () =>
        {
            while (await process.StandardOutput.ReadLineAsync() is not null)
            {
            }
        });
        return new WebhookReceiverPeer(process, int.Parse(line[(line.LastIndexOf(':') + 1)..], System.Globalization.CultureInfo.InvariantCulture));
    }

    /// <summary>Secrets the receiver verifies each request with, by label (e.g. "new", "old").</summary>
    public async Task TrustAsync(string label, string secret)
    {
        using var response = await _control.PostAsJsonAsync("_secrets", new Dictionary<string, string> { [label] = secret });
        response.EnsureSuccessStatusCode();
    }

    /// <summary>Every request received so far, in order.</summary>
    public async Task<IReadOnlyList<ReceivedRequest>> ReceivedAsync()
    {
        using var document = JsonDocument.Parse(await _control.GetStringAsync("_received"));
        return document.RootElement.EnumerateArray().Select(r => new ReceivedRequest(
            r.GetProperty("path").GetString()!,
            r.GetProperty("headers").EnumerateObject().ToDictionary(h => h.Name, h => h.Value.GetString() ?? string.Empty, StringComparer.OrdinalIgnoreCase),
            r.GetProperty("body").GetString()!,
            r.GetProperty("verified").EnumerateObject().ToDictionary(v => v.Name, v => v.Value.GetBoolean(), StringComparer.Ordinal))).ToList();
    }

    /// <summary>The requests to one URL made by <see cref="Url"/>.</summary>
    public async Task<IReadOnlyList<ReceivedRequest>> ReceivedAtAsync(string url)
    {
        var pathAndQuery = new Uri(url).PathAndQuery;
        return (await ReceivedAsync()).Where(r => r.Path == pathAndQuery).ToList();
    }

    public async ValueTask DisposeAsync()
    {
        _control.Dispose();
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }
}

/// <summary>One request as the receiver saw it; <see cref="Verified"/> says, per trusted secret label, whether the reference library accepted it.</summary>
public sealed record ReceivedRequest(string Path, IReadOnlyDictionary<string, string> Headers, string Body, IReadOnlyDictionary<string, bool> Verified);
