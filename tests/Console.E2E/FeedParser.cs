using System.Diagnostics;
using System.Text.Json;
using AdminConsole.TestSupport;
using Microsoft.Playwright;

namespace AdminConsole.E2E;

/// <summary>An Atom feed as a real feed reader reads it: npm feedparser, in a node process, answers its items as JSON.</summary>
internal static class FeedParser
{
    public static async Task<JsonElement> ParseAsync(IAPIResponse response)
    {
        Assert.Equal(200, response.Status);
        Assert.StartsWith("application/atom+xml", response.Headers["content-type"], StringComparison.Ordinal);
        var start = new ProcessStartInfo("node") { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(Path.Combine(ConsoleServer.RepositoryRoot, "tests", "Console.E2E", "peers", "parse-feed.mjs"));
        using var node = Process.Start(start)!;
        await node.StandardInput.WriteAsync(await response.TextAsync());
        node.StandardInput.Close();
        var output = await node.StandardOutput.ReadToEndAsync();
        var errors = await node.StandardError.ReadToEndAsync();
        await node.WaitForExitAsync();
        Assert.True(node.ExitCode == 0, $"feedparser refused the feed: {errors}");
        return JsonDocument.Parse(output).RootElement.Clone();
    }
}
