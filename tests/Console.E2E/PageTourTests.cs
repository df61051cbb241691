using System.Text.RegularExpressions;
using AdminConsole.Domain.Model.Posture;
using AdminConsole.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace AdminConsole.E2E;

/// <summary>
/// Every routed page (read from the components' <c>@page</c> directives, so a new page joins the tour by itself) for every
/// development persona, over the demo data: no 5xx, a heading, no error in the browser console and no serious or critical
/// axe violation, in the light theme and in the dark one. The first persona that may open a page leaves its screenshot in
/// docs/screenshots, so the pictures there are the ones this run saw.
/// </summary>
public partial class PageTourTests(BrowserFixture browser) : ConsolePageTest(browser)
{
    private static readonly string[] Personas = ["admin", "officer", "auditor", "workspace-admin", "no-role"];

    /// <summary>Pages a signed-in person is sent away from (they are for people who are not signed in).</summary>
    private static readonly HashSet<string> SignedOutOnly = new(StringComparer.Ordinal) { "/account/signed-out" };

    /// <summary>Pages marked to render without a circuit (read from their files).</summary>
    private HashSet<string> StaticPages { get; } = new(StringComparer.Ordinal);

    private static string ScreenshotDirectory => Path.Combine(ConsoleServer.RepositoryRoot, "docs", "screenshots");

    /// <summary>How many workspaces the demo data has for the tour.</summary>
    protected virtual int DemoWorkspaces => 120;

    /// <summary>Whether the tour judges the dark theme too and leaves the screenshots (the tour on SQLite does).</summary>
    protected virtual bool InBothThemes => true;

    protected override Task<ConsoleServer> StartServerAsync(TestDatabase database) =>
        ConsoleServer.StartAsync(database, new Dictionary<string, string>(ServerEnvironment())
        {
            ["DemoData__Enabled"] = "true",
            ["DemoData__Workspaces"] = DemoWorkspaces.ToString(System.Globalization.CultureInfo.InvariantCulture),
        });

    [Fact]
    public async Task EveryPage_RendersForEveryRole_WithoutServerErrorsOrSeriousAxeViolations_InBothThemes()
    {
        var routes = await ResolveRoutesAsync();
        var shot = new HashSet<string>(StringComparer.Ordinal);
        var darkJudged = new HashSet<string>(StringComparer.Ordinal);
        Directory.CreateDirectory(ScreenshotDirectory);

        foreach (var persona in Personas)
        {
            await SignInForTourAsync(persona);
            var deniedChecked = false;
            foreach (var (template, path) in routes)
            {
                try
                {
                    await Page.EmulateMediaAsync(new() { ColorScheme = ColorScheme.Light });
                    var response = await Page.GotoAsync(path);
                    Assert.True(response is not null && response.Status < 500, $"HTTP {response?.Status}");
                    if (SignedOutOnly.Contains(template))
                        continue;

                    // Pages outside the console's layout (the public trust page) and pages excluded from interactive
                    // routing render statically; the rest are judged once their circuit is live.
                    var interactive = !StaticPages.Contains(template) && await Page.Locator(".console-layout").CountAsync() > 0;
                    if (interactive)
                        await Expect(Page.Locator(".console-layout[data-interactive='true']")).ToBeVisibleAsync();
                    await Expect(Page.Locator("h1").First).ToBeVisibleAsync();

                    // The access-denied answer is the same markup on every page a persona may not open: judged once.
                    var denied = await Page.Locator("h1", new() { HasTextString = "Access denied" }).CountAsync() > 0;
                    if (denied && deniedChecked)
                        continue;
                    deniedChecked |= denied;

                    await JudgeAsync(template, ColorScheme.Light, denied, shot);

                    // The dark theme is a matter of the page, not of who reads it: judged for the first persona who may open it.
                    if (!InBothThemes || denied || !darkJudged.Add(template))
                        continue;

                    // The theme follows the system setting: while the page is open, or (rendered without a circuit) as it loads.
                    await Page.EmulateMediaAsync(new() { ColorScheme = ColorScheme.Dark });
                    if (interactive)
                        await Expect(Page.Locator(".console-layout[data-theme='dark']")).ToBeVisibleAsync();
                    else
                        await Page.ReloadAsync();
                    await JudgeAsync(template, ColorScheme.Dark, denied, shot);
                }
                catch (Exception e) when (e is PlaywrightException or Xunit.Sdk.XunitException)
                {
                    throw new Xunit.Sdk.XunitException($"{persona} on {path}: {e.Message}");
                }
            }

            await Page.Context.ClearCookiesAsync();
        }

        ForgetExpectedNotFound("/not-found");
        AssertNoConsoleErrors();
    }

    private async Task JudgeAsync(string template, ColorScheme scheme, bool denied, HashSet<string> shot)
    {
        await Expect(Page.Locator("[aria-busy='true']")).ToHaveCountAsync(0);

        // Colours are judged at rest: a theme switch starts colour transitions, and axe must not read their first frame.
        await Page.WaitForFunctionAsync("() => document.getAnimations().every(a => !(a instanceof CSSTransition) || a.playState !== 'running')");
        await Accessibility.AssertNoSeriousViolationsAsync(Page);
        if (InBothThemes && !denied && shot.Add($"{template}|{scheme}"))
        {
            var name = Slug(template) + (scheme == ColorScheme.Dark ? "-dark" : string.Empty);
            await Page.ScreenshotAsync(new() { Path = Path.Combine(ScreenshotDirectory, name + ".png") });
        }
    }

    private async Task SignInForTourAsync(string persona)
    {
        await Page.GotoAsync("/account/dev-sign-in");
        await Page.Locator($"form:has(input[name='persona'][value='{persona}']) button").ClickAsync();
        await Page.WaitForURLAsync(url => !url.Contains("/account/", StringComparison.Ordinal));
    }

    [Fact]
    public async Task OnAPhoneSizedScreen_SignOutStaysInReach()
    {
        await SignInAsAsync("admin");
        await Page.SetViewportSizeAsync(390, 844);
        await GoToInteractiveAsync("/workspaces");
        await Expect(Page.GetByRole(AriaRole.Button, new() { Name = "Sign out" })).ToBeInViewportAsync();
        await Expect(Page.GetByRole(AriaRole.Button, new() { Name = "Toggle navigation" })).ToBeVisibleAsync();
    }

    private async Task<IReadOnlyList<(string Template, string Path)>> ResolveRoutesAsync()
    {
        await using var db = Database.CreateContext();
        Assert.True(await db.Workspaces.CountAsync() >= DemoWorkspaces, $"The demo data has fewer than {DemoWorkspaces} workspaces.");
        var wanda = new Guid("00000000-0000-4000-8000-000000000004");
        var workspace = await db.Workspaces.Where(w => w.Administrators.Any(a => a.UserObjectId == wanda)).OrderBy(w => w.Name).Select(w => w.Id).FirstAsync();
        var subprocessor = await db.Subprocessors.OrderBy(s => s.Id).Select(s => s.Id).FirstAsync();
        var notice = await db.Notices.Select(n => n.Id).FirstAsync();
        var model = await db.AiModels.Where(m => m.Stage == AdminConsole.Domain.Model.AiModels.AiModelStage.InProduction).OrderBy(m => m.Name).Select(m => m.Id).FirstAsync();
        // An entry every persona with the audit log may read: one of the workspace admin's own workspace.
        var sequence = await db.AuditEntries.Where(e => e.WorkspaceId == workspace).MaxAsync(e => e.Sequence);

        var components = Path.Combine(ConsoleServer.RepositoryRoot, "src", "Console.Web", "Components");
        var templates = new List<string>();
        foreach (var file in Directory.EnumerateFiles(components, "*.razor", SearchOption.AllDirectories))
        {
            var lines = await File.ReadAllLinesAsync(file);
            var found = lines.Select(line => PageDirective().Match(line)).Where(m => m.Success).Select(m => m.Groups[1].Value).ToList();
            templates.AddRange(found);
            if (lines.Any(l => l.Contains("[ExcludeFromInteractiveRouting]", StringComparison.Ordinal)))
                StaticPages.UnionWith(found);
        }

        templates.Sort(StringComparer.Ordinal);
        Assert.NotEmpty(templates);

        return templates.Select(t => (t, Parameter().Replace(t, m => m.Groups[1].Value switch
        {
            "Id" when t.StartsWith("/workspaces/", StringComparison.Ordinal) => workspace.ToString(),
            "Id" when t.StartsWith("/subprocessors/notices/", StringComparison.Ordinal) => notice.ToString(),
            "Id" when t.StartsWith("/subprocessors/", StringComparison.Ordinal) => subprocessor.ToString(),
            "Id" when t.StartsWith("/models/", StringComparison.Ordinal) => model.ToString(),
            "Sequence" => sequence.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "RuleCode" => PostureRules.All[0].Code,
            var other => throw new InvalidOperationException($"The tour does not know what to put for {{{other}}} in {t}: add it here."),
        }))).ToList();
    }

    private static string Slug(string template)
    {
        var slug = Parameter().Replace(template, m => m.Groups[1].Value.ToLowerInvariant()).Trim('/').Replace('/', '-');
        return slug.Length == 0 ? "dashboard" : slug;
    }

    [GeneratedRegex("""^@page\s+"([^"]+)"\s*$""")]
    private static partial Regex PageDirective();

    [GeneratedRegex(@"\{(\w+)(?::\w+)?\}")]
    private static partial Regex Parameter();
}
