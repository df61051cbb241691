using AdminConsole.TestSupport;
using System.Text.Json;
using Microsoft.Playwright;

namespace AdminConsole.E2E;

/// <summary>Runs axe-core in the page and fails on any serious or critical violation.</summary>
public static class Accessibility
{
    private static readonly Lazy<string> AxeSource = new(() =>
    {
        var path = Path.Combine(ConsoleServer.RepositoryRoot, "tests", "Console.E2E", "node_modules", "axe-core", "axe.min.js");
        return File.Exists(path)
            ? File.ReadAllText(path)
            : throw new InvalidOperationException($"{path} is missing: ./test.sh installs the npm test peers (npm install in tests/Console.E2E).");
    });

    public static async Task AssertNoSeriousViolationsAsync(IPage page)
    {
        ArgumentNullException.ThrowIfNull(page);

        // Evaluated through the DevTools protocol, which the page's content security policy does not govern.
        await page.EvaluateAsync(AxeSource.Value);
        var json = await page.EvaluateAsync<JsonElement>(
            """
            async () => {
              const result = await axe.run(document, { resultTypes: ['violations'] });
              return result.violations
                .filter(v => v.impact === 'serious' || v.impact === 'critical')
                .map(v => ({ id: v.id, impact: v.impact, help: v.help, targets: v.nodes.slice(0, 5).map(n => n.target.join(' ') + ' — ' + ((n.any[0] || n.all[0] || n.none[0] || {}).message || '')) }));
            }
            """);
        var violations = json.EnumerateArray()
            .Select(v => $"{v.GetProperty("impact").GetString()} {v.GetProperty("id").GetString()}: {v.GetProperty("help").GetString()} at {string.Join(" | ", v.GetProperty("targets").EnumerateArray().Select(t => t.GetString()))}")
            .ToList();
        Assert.True(violations.Count == 0, $"axe-core found on {page.Url}:\n{string.Join('\n', violations)}");
    }
}
