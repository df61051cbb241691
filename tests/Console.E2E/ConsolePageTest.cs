using AdminConsole.Domain.Persistence;
using AdminConsole.TestSupport;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace AdminConsole.E2E;

/// <summary>
/// A fresh console (own process, own SQLite file) per test class, and a fresh browser context per test.
/// Console errors in the page, content security policy violations among them, fail the test.
/// </summary>
public abstract class ConsolePageTest(BrowserFixture browser) : IClassFixture<BrowserFixture>, IAsyncLifetime
{
    private readonly List<string> _consoleErrors = [];
    private IBrowserContext? _context;

    protected TestDatabase Database { get; private set; } = null!;

    protected ConsoleServer Server { get; private set; } = null!;

    protected IPage Page { get; private set; } = null!;

    public static string ArtifactsDirectory { get; } = Path.Combine(ConsoleServer.RepositoryRoot, "artifacts", "screenshots");

    public virtual async Task InitializeAsync()
    {
        // Migrated from the test process's template: the console's own migration at start then finds nothing to do.
        Database = await TestDatabase.CreateAsync(Provider);
        await Database.MigrateAsync();
        Server = await StartServerAsync(Database);
        // Reduced motion: axe must judge colours at rest, not halfway through a fade.
        _context = await browser.Browser.NewContextAsync(new()
        {
            BaseURL = Server.BaseAddress.ToString(),
            ViewportSize = new() { Width = 1400, Height = 1000 },
            ReducedMotion = ReducedMotion.Reduce,
            IgnoreHTTPSErrors = true,
        });
        Page = await _context.NewPageAsync();
        Page.SetDefaultTimeout(15_000);
        Page.Console += (_, message) =>
        {
            if (message.Type == "error")
                _consoleErrors.Add($"{message.Text} at {message.Location}");
        };
    }

    /// <summary>The database the console under test runs on: SQLite unless a test says otherwise.</summary>
    protected virtual DatabaseProvider Provider => DatabaseProvider.Sqlite;

    /// <summary>Whether the console under test runs its jobs; a test about pages alone turns them off, so the host does only what it asks.</summary>
    protected virtual bool RunsJobs => true;

    /// <summary>Open circuits re-check their session every 2 s here (30 s by default), so tests see sign-out quickly.</summary>
    protected Dictionary<string, string> ServerEnvironment() => new()
    {
        ["Auth__Session__RevalidationInterval"] = "00:00:02",
        ["Jobs__Run"] = RunsJobs ? "true" : "false",
    };

    protected virtual Task<ConsoleServer> StartServerAsync(TestDatabase database) => ConsoleServer.StartAsync(database, ServerEnvironment());

    /// <summary>The SMTP server the console mails through, for a test that starts it with <see cref="StartWithMailAsync"/>.</summary>
    protected SmtpSinkPeer? Mail { get; private set; }

    /// <summary>A console that sends its mail to a real SMTP server of the test's own (<see cref="Mail"/>), stopped with the test.</summary>
    protected async Task<ConsoleServer> StartWithMailAsync(TestDatabase database)
    {
        Mail = await SmtpSinkPeer.StartAsync();
        var settings = ServerEnvironment();
        foreach (var (key, value) in Mail.ConsoleSettings())
            settings[key] = value;
        return await ConsoleServer.StartAsync(database, settings);
    }

    public virtual async Task DisposeAsync()
    {
        if (_context is not null)
            await _context.DisposeAsync();

        // The server's own log, kept beside the screenshots for when a test fails.
        var logs = Path.Combine(ConsoleServer.RepositoryRoot, "artifacts", "logs");
        Directory.CreateDirectory(logs);
        await File.WriteAllTextAsync(Path.Combine(logs, $"{GetType().Name}-{Server.BaseAddress.Port}.log"), Server.Output);
        await Server.DisposeAsync();
        await Database.DisposeAsync();
        if (Mail is not null)
            await Mail.DisposeAsync();
    }

    /// <summary>Signs in through the development sign-in as one of its personas (admin, officer, auditor, workspace-admin, no-role).</summary>
    protected async Task SignInAsAsync(string persona, string returnUrl = "/")
    {
        await Page.GotoAsync($"/account/dev-sign-in?returnUrl={Uri.EscapeDataString(returnUrl)}");
        await Page.Locator($"form:has(input[name='persona'][value='{persona}']) button").ClickAsync();
        await Assertions.Expect(Page.Locator(".user-box")).ToBeVisibleAsync();
    }

    /// <summary>Opens a page and waits until its Blazor circuit is live (the layout says so from the server).</summary>
    protected async Task GoToInteractiveAsync(string path)
    {
        await Page.GotoAsync(path);
        await Assertions.Expect(Page.Locator(".console-layout[data-interactive='true']")).ToBeVisibleAsync();
    }

    /// <summary>Reloads the page and waits until its new circuit is live (until then the head, the title among it, is the server's prerendered copy being replaced).</summary>
    protected async Task ReloadInteractiveAsync()
    {
        await Page.ReloadAsync();
        await Assertions.Expect(Page.Locator(".console-layout[data-interactive='true']")).ToBeVisibleAsync();
    }

    protected async Task SaveScreenshotAsync(string name)
    {
        Directory.CreateDirectory(ArtifactsDirectory);
        await Page.ScreenshotAsync(new() { Path = Path.Combine(ArtifactsDirectory, name + ".png"), FullPage = true });
    }

    /// <summary>Forgets the browser's report of the 404 answer of a page the test asked for on purpose (the not-found page).</summary>
    protected void ForgetExpectedNotFound(string path) =>
        _consoleErrors.RemoveAll(e => e.Contains("status of 404", StringComparison.Ordinal) && e.EndsWith(path, StringComparison.Ordinal));

    protected void AssertNoConsoleErrors() =>
        Assert.True(_consoleErrors.Count == 0, "Errors in the browser console:\n" + string.Join('\n', _consoleErrors));
}
