using AdminConsole.Domain.Persistence;

namespace AdminConsole.E2E;

/// <summary>
/// The same tour on PostgreSQL over the full demo data (2,400 workspaces), as production runs: every page for every
/// persona with no 5xx, a heading, no browser-console error and no serious axe violation. A query PostgreSQL cannot run,
/// or one that only fails at production size, shows here. The themes and screenshots are the SQLite tour's.
/// </summary>
public sealed class PageTourOnPostgresTests(BrowserFixture browser) : PageTourTests(browser)
{
    protected override DatabaseProvider Provider => DatabaseProvider.Postgres;

    protected override int DemoWorkspaces => 2_400;

    protected override bool InBothThemes => false;
}
