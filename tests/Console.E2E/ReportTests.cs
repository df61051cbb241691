using System.Text.RegularExpressions;
using System.Globalization;
using System.Security.Cryptography;
using AdminConsole.Domain.Model.Reports;
using AdminConsole.Domain.Model.Workspaces;
using AdminConsole.TestSupport;
using Microsoft.EntityFrameworkCore;
using AdminConsole.E2E.Pages;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace AdminConsole.E2E;

public class ReportTests(BrowserFixture browser) : ConsolePageTest(browser)
{
    private static readonly Guid WandaObjectId = new("00000000-0000-4000-8000-000000000004");

    [Fact]
    public async Task Officer_IsToldABackwardsPeriodIsWrong_GeneratesAReportWithProgress_AndDownloadsTheArchivedFile()
    {
        var acme = Workspace.Create("Acme Research", Plan.Business, DataRegion.EU, DateTimeOffset.UtcNow.AddDays(-200));
        await using (var db = Database.CreateContext())
        {
            db.Workspaces.Add(acme);
            await db.SaveChangesAsync();
        }

        await SignInAsAsync("officer");
        await GoToInteractiveAsync("/reports");
        var reports = new ReportsPage(Page);
        await Expect(reports.Ui.Heading).ToHaveTextAsync("Audit reports");
        await Expect(Page.GetByTestId("signing-state")).ToContainTextAsync("not digitally signed");
        await Expect(Page.GetByText("No report has been generated yet.")).ToBeVisibleAsync();
        await Accessibility.AssertNoSeriousViolationsAsync(Page);

        // The last day before the first: the model's message next to the field, nothing queued.
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        await ReportsPage.EnterDayAsync(reports.FirstDay, today);
        await ReportsPage.EnterDayAsync(reports.LastDay, today.AddDays(-3));
        await reports.Generate.ClickAsync();
        await reports.Ui.ExpectFieldErrorAsync("Last day (UTC, included)", "The period ends before it starts");
        await using (var db = Database.CreateContext())
            Assert.False(await db.AuditReports.AnyAsync());

        // The keyboard alone: scope, period, submit.
        await ReportsPage.EnterDayAsync(reports.LastDay, today);
        await ReportsPage.EnterDayAsync(reports.FirstDay, today.AddDays(-30));

        // The scope is searched, not scrolled through: typing offers the matching workspaces and "All workspaces".
        await Expect(await reports.OptionsForAsync("Acme")).ToHaveTextAsync(["Acme Research"]);
        await reports.ChooseScopeAsync("All", "All workspaces");
        await reports.Generate.FocusAsync();
        await Page.Keyboard.PressAsync("Enter");
        await Expect(reports.Ui.Outcome("Report queued")).ToBeVisibleAsync();

        var row = reports.Archive.First;
        await Expect(row).ToContainTextAsync("Generated", new() { Timeout = 60_000 });
        await Expect(row).ToContainTextAsync("All workspaces");
        await Expect(row).ToContainTextAsync("not signed");
        await Accessibility.AssertNoSeriousViolationsAsync(Page);
        await SaveScreenshotAsync("reports");

        var shownHash = (await row.GetByRole(AriaRole.Cell).Last.InnerTextAsync()).Trim();
        var download = await Page.RunAndWaitForDownloadAsync(() => row.GetByRole(AriaRole.Link, new() { NameRegex = new("^Download the report") }).ClickAsync());
        var path = await download.PathAsync();
        var bytes = await File.ReadAllBytesAsync(path!);
        Assert.Equal("%PDF-"u8.ToArray(), bytes[..5]);
        Assert.Equal(shownHash, Convert.ToHexStringLower(SHA256.HashData(bytes)));

        await using (var db = Database.CreateContext())
        {
            var report = await db.AuditReports.AsNoTracking().SingleAsync();
            Assert.Equal((AuditReportStatus.Succeeded, "Olivia Officer"), (report.Status, report.RequestedBy));
            Assert.True(await db.AuditEntries.AnyAsync(e => e.Action == "report.requested" && e.ActorName == "Olivia Officer"));
        }
    }

    [Fact]
    public async Task ALongReport_ShowsItsProgressWhileTheJobHostRunsIt_ThenItsFile()
    {
        // 30,000 audit entries in the last thirty days, through the console's own chain writer: seconds of rendering.
        var workspace = Workspace.Create("Acme Research", Plan.Business, DataRegion.EU, DateTimeOffset.UtcNow.AddDays(-200));
        await using (var db = Database.CreateContext())
        {
            db.Workspaces.Add(workspace);
            await db.SaveChangesAsync();
        }

        var start = DateTimeOffset.UtcNow.AddDays(-29);
        for (var done = 0; done < 30_000;)
        {
            await using var db = Database.CreateContext();
            for (var i = 0; i < 5_000; i++, done++)
            {
                var actor = new Domain.Model.Audit.AuditActor($"user-{done % 7}", $"User {done % 7}", "Compliance.Officer", "10.0.0.1");
                db.Audit(actor, new Domain.Model.Audit.AuditRecord("policy.updated", "Page", Guid.NewGuid().ToString(), workspace.Id, new { Before = done }, new { After = done }), start + TimeSpan.FromSeconds(60 * done));
            }

            await db.SaveChangesAsync();
        }

        await SignInAsAsync("officer");
        await GoToInteractiveAsync("/reports");
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var reports = new ReportsPage(Page);
        await ReportsPage.EnterDayAsync(reports.FirstDay, today.AddDays(-30));
        await ReportsPage.EnterDayAsync(reports.LastDay, today);
        await Expect(reports.Scope).ToHaveValueAsync("All workspaces");
        await reports.Generate.ClickAsync();

        // Part-way: a progress bar with a value short of 100, named for the report's period.
        var row = reports.Archive.First;
        var bar = row.GetByRole(AriaRole.Progressbar);
        try
        {
            await Expect(bar).ToBeVisibleAsync(new() { Timeout = 30_000 });
        }
        catch (PlaywrightException)
        {
            await using var db = Database.CreateContext();
            var report = await db.AuditReports.AsNoTracking().SingleAsync();
            throw new InvalidOperationException($"No progress bar: the report is {report.Status} at {report.Progress} %, started {report.StartedAt:HH:mm:ss.fff}, finished {report.FinishedAt:HH:mm:ss.fff}; the row: {await row.InnerHTMLAsync()}");
        }

        await Expect(bar).ToHaveAccessibleNameAsync(new Regex("^Generating the report for \\d{4}-\\d{2}-\\d{2} to \\d{4}-\\d{2}-\\d{2}$"));
        var value = int.Parse((await bar.GetAttributeAsync("value"))!, CultureInfo.InvariantCulture);
        Assert.InRange(value, 0, 99);
        await Accessibility.AssertNoSeriousViolationsAsync(Page);

        await Expect(row).ToContainTextAsync("Generated", new() { Timeout = 120_000 });
        await Expect(bar).ToHaveCountAsync(0);
        await using (var db = Database.CreateContext())
        {
            var report = await db.AuditReports.AsNoTracking().SingleAsync();
            Assert.Equal((AuditReportStatus.Succeeded, 100, 1), (report.Status, report.Progress, report.Attempts));
        }
    }

    [Fact]
    public async Task WorkspaceAdmin_ReportsOnTheirOwnWorkspaceOnly_AndCannotDownloadAnotherWorkspacesReport()
    {
        var now = DateTimeOffset.UtcNow;
        var acme = Workspace.Create("Acme Research", Plan.Business, DataRegion.EU, now.AddDays(-200));
        var globex = Workspace.Create("Globex Secret Project", Plan.Enterprise, DataRegion.US, now.AddDays(-200));
        acme.AssignAdministrator(WandaObjectId, now);
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        var others = AuditReport.Request(AuditReportKind.OnDemand, globex.Id, globex.Name, today.AddDays(-7), today, "x", "Olivia Officer", now);
        var all = AuditReport.Request(AuditReportKind.OnDemand, null, "All workspaces", today.AddDays(-7), today, "x", "Olivia Officer", now);
        foreach (var report in new[] { others, all })
        {
            report.Start(now);
            report.Succeed(1, 5, new string('a', 64), false, null, now);
        }

        await using (var db = Database.CreateContext())
        {
            db.Workspaces.AddRange(acme, globex);
            db.AuditReports.AddRange(others, all);
            db.AuditReportFiles.AddRange(new AuditReportFile(others.Id, "%PDF-"u8.ToArray()), new AuditReportFile(all.Id, "%PDF-"u8.ToArray()));
            await db.SaveChangesAsync();
        }

        await SignInAsAsync("workspace-admin");
        await GoToInteractiveAsync("/reports");
        await Expect(Page.GetByText("No report has been generated yet.")).ToBeVisibleAsync();
        var reports = new ReportsPage(Page);

        // Her workspace is chosen already; a search offers it alone (Globex matches the text too, and is not hers; no "All workspaces").
        await Expect(reports.Scope).ToHaveValueAsync("Acme Research");
        await Expect(await reports.OptionsForAsync("e")).ToHaveTextAsync(["Acme Research"]);
        await Page.GetByRole(AriaRole.Option, new() { Name = "Acme Research", Exact = true }).ClickAsync();
        await reports.Generate.ClickAsync();
        var row = reports.Archive.First;
        await Expect(row).ToContainTextAsync("Generated", new() { Timeout = 60_000 });
        await Expect(reports.Archive).ToHaveCountAsync(1);
        await Expect(row).ToContainTextAsync("Acme Research");
        await Accessibility.AssertNoSeriousViolationsAsync(Page);

        // Another workspace's report and an all-workspace one read as missing.
        foreach (var id in new[] { others.Id, all.Id })
        {
            var response = await Page.APIRequest.GetAsync(new Uri(Server.BaseAddress, $"/api/console/reports/{id}/file").ToString());
            Assert.Equal(404, response.Status);
        }
    }
}

/// <summary>The console started with a signing certificate: the page names the signer and pdfsig finds the signature valid.</summary>
public class SignedReportTests(BrowserFixture browser) : ConsolePageTest(browser)
{
    private readonly string _certificate = Path.Combine(Path.GetTempPath(), $"report-signer-{Guid.NewGuid():N}.pfx");

    protected override async Task<ConsoleServer> StartServerAsync(TestDatabase database)
    {
        var (path, password) = SelfSignedCertificate.Write(_certificate);
        var environment = ServerEnvironment();
        environment["Reports__Signing__CertificatePath"] = path;
        environment["Reports__Signing__CertificatePassword"] = password;
        environment["Reports__Signing__Reason"] = "Audit report issued by AdminConsole";
        return await ConsoleServer.StartAsync(database, environment);
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        File.Delete(_certificate);
    }

    [Fact]
    public async Task WithACertificateConfigured_TheReportIsSigned_PdfsigFindsItValid_AndOneChangedByteBreaksIt()
    {
        await SignInAsAsync("officer");
        await GoToInteractiveAsync("/reports");
        await Expect(Page.GetByTestId("signing-state")).ToContainTextAsync("digitally signed with the certificate CN=127.0.0.1");
        await Accessibility.AssertNoSeriousViolationsAsync(Page);
        await Page.GetByRole(AriaRole.Button, new() { Name = "Generate report" }).ClickAsync();
        var row = new ReportsPage(Page).Archive.First;
        await Expect(row).ToContainTextAsync("Generated", new() { Timeout = 60_000 });
        await Expect(row).ToContainTextAsync("signed by CN=127.0.0.1");

        var download = await Page.RunAndWaitForDownloadAsync(() => row.GetByRole(AriaRole.Link, new() { NameRegex = new("^Download the report") }).ClickAsync());
        var path = Path.Combine(Path.GetTempPath(), $"signed-report-{Guid.NewGuid():N}.pdf");
        await download.SaveAsAsync(path);
        try
        {
            var valid = Run("pdfsig", path);
            Assert.Contains("Signature is Valid.", valid);

            // One byte of the first page's content, inside the signed range, changed.
            var bytes = await File.ReadAllBytesAsync(path);
            var at = IndexOf(bytes, "stream\n"u8) + 8;
            bytes[at] ^= 0x01;
            await File.WriteAllBytesAsync(path, bytes);
            Assert.Contains("Signature is Invalid.", Run("pdfsig", path));
        }
        finally
        {
            File.Delete(path);
        }
    }

    private static int IndexOf(byte[] haystack, ReadOnlySpan<byte> needle)
    {
        var index = haystack.AsSpan().IndexOf(needle);
        Assert.True(index > 0, "No content stream in the file.");
        return index;
    }

    private static string Run(string tool, string argument)
    {
        var start = new System.Diagnostics.ProcessStartInfo(tool, [argument]) { RedirectStandardOutput = true, RedirectStandardError = true };
        using var process = System.Diagnostics.Process.Start(start) ?? throw new InvalidOperationException($"{tool} did not start (Debian package poppler-utils).");
        var output = process.StandardOutput.ReadToEnd() + process.StandardError.ReadToEnd();
        process.WaitForExit();
        return output;
    }
}
