using System.Globalization;
using AdminConsole.Domain.Model.Lifecycle;
using AdminConsole.Domain.Model.Workspaces;
using AdminConsole.E2E.Pages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace AdminConsole.E2E;

public class LegalHoldTests(BrowserFixture browser) : ConsolePageTest(browser)
{
    [Fact]
    public async Task Officer_IsToldTheHoldMustEndAfterItStarts_PlacesIt_SeesItInForce_AndLiftsItAfterConfirming()
    {
        var acme = Workspace.Create("Acme Research", Plan.Business, DataRegion.EU, DateTimeOffset.UtcNow.AddDays(-200));
        await using (var db = Database.CreateContext())
        {
            db.Workspaces.Add(acme);
            await db.SaveChangesAsync();
        }

        await SignInAsAsync("officer");
        await GoToInteractiveAsync($"/workspaces/{acme.Id}");
        await new WorkspaceDetailPage(Page).OpenAsync("Legal holds");
        var holds = new LifecyclePage(Page);
        await Expect(holds.Ui.Heading).ToHaveTextAsync("Legal holds of Acme Research");
        await Expect(holds.HoldsGrid).ToContainTextAsync("No legal hold has ever been placed here.");
        await Expect(holds.Ui.Field("From (UTC)")).ToHaveValueAsync(new System.Text.RegularExpressions.Regex(@"^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$"));
        await Accessibility.AssertNoSeriousViolationsAsync(Page);

        // Until before from: the model's rule, next to the field; nothing placed.
        await holds.Ui.Field("Reason").FillAsync("Litigation: Acme v. Initech, preserve all AI data");
        await holds.Ui.Field("Until (UTC, optional: until lifted)").FillAsync("not a time");
        await holds.Ui.Button("Place hold").ClickAsync();
        await holds.Ui.ExpectFieldErrorAsync("Until (UTC, optional: until lifted)", "Enter Until as year-month-day hours:minutes in UTC");
        await holds.Ui.Field("Until (UTC, optional: until lifted)").FillAsync(Iso(DateTimeOffset.UtcNow.AddDays(-1)));
        await holds.Ui.Button("Place hold").ClickAsync();
        await holds.Ui.ExpectFieldErrorAsync("Until (UTC, optional: until lifted)", "The hold must end after it starts.");
        await holds.Ui.ExpectNoFieldErrorAsync("Reason");
        await Accessibility.AssertNoSeriousViolationsAsync(Page);
        await using (var db = Database.CreateContext())
            Assert.False(await db.LegalHolds.AnyAsync());

        var until = DateTimeOffset.UtcNow.AddDays(90);
        await holds.Ui.Field("Until (UTC, optional: until lifted)").FillAsync(Iso(until));
        await holds.Ui.Button("Place hold").ClickAsync();
        await Expect(holds.Ui.Outcome("Legal hold placed")).ToBeVisibleAsync();
        var row = holds.Holds.First;
        await Expect(row).ToContainTextAsync("Litigation: Acme v. Initech");
        await Expect(LifecyclePage.State(row)).ToHaveTextAsync("In force");
        await Expect(row).ToContainTextAsync("Olivia Officer");
        await Expect(row).ToContainTextAsync("until " + until.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture));
        await holds.Ui.ExpectNoFieldErrorAsync("Until (UTC, optional: until lifted)");
        await SaveScreenshotAsync("workspace-legal-holds");

        await Page.GetByRole(AriaRole.Navigation, new() { Name = "Areas" }).GetByRole(AriaRole.Link, new() { Name = "Legal holds" }).ClickAsync();
        await Expect(holds.Ui.Heading).ToHaveTextAsync("Legal holds");
        var inForce = holds.Holds;
        await Expect(inForce).ToHaveCountAsync(1);
        await Expect(inForce.First).ToContainTextAsync("Acme Research");
        await Expect(holds.ResultCount).ToHaveTextAsync("1 legal hold in force");
        await Accessibility.AssertNoSeriousViolationsAsync(Page);

        await inForce.First.GetByRole(AriaRole.Button, new() { NameRegex = new("^Lift the hold on Acme Research") }).ClickAsync();
        await Expect(holds.Ui.Dialog).ToContainTextAsync("Lift the legal hold on Acme Research");
        await Accessibility.AssertNoSeriousViolationsAsync(Page);
        await holds.Ui.ConfirmAsync("Lift hold");
        await Expect(holds.Ui.Outcome("Legal hold on Acme Research lifted")).ToBeVisibleAsync();
        await Expect(holds.HoldsGrid).ToContainTextAsync("No legal hold is in force.");
        await Expect(holds.ResultCount).ToHaveTextAsync("0 legal holds in force");
        await SaveScreenshotAsync("legal-holds");

        await using (var db = Database.CreateContext())
        {
            var hold = await db.LegalHolds.SingleAsync();
            Assert.Equal((acme.Id, "Olivia Officer", "Olivia Officer"), (hold.WorkspaceId, hold.PlacedBy, hold.LiftedBy));
            Assert.Equal(until.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture), hold.Until!.Value.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture));
            var entries = await db.AuditEntries.Where(e => e.TargetId == hold.Id.ToString()).OrderBy(e => e.Sequence).Select(e => new { e.Action, e.ActorName, e.WorkspaceId }).ToListAsync();
            Assert.Equal(["legal-hold.placed", "legal-hold.lifted"], entries.Select(e => e.Action));
            Assert.All(entries, e => Assert.Equal(("Olivia Officer", (Guid?)acme.Id), (e.ActorName, e.WorkspaceId)));
        }

        AssertNoConsoleErrors();
    }

    [Fact]
    public async Task Auditor_ReadsTheHolds_InForceAndLifted_WithoutAnyWayToPlaceOrLiftThem()
    {
        var acme = Workspace.Create("Acme Research", Plan.Business, DataRegion.EU, DateTimeOffset.UtcNow.AddDays(-200));
        var lifted = LegalHold.Place(acme.Id, "Regulator inquiry, closed", DateTimeOffset.UtcNow.AddDays(-20), null, "Olivia Officer", DateTimeOffset.UtcNow.AddDays(-20));
        lifted.Lift("Ada Admin", DateTimeOffset.UtcNow.AddDays(-1));
        await using (var db = Database.CreateContext())
        {
            db.Workspaces.Add(acme);
            db.LegalHolds.AddRange(lifted, LegalHold.Place(acme.Id, "Litigation", DateTimeOffset.UtcNow.AddDays(-2), null, "Olivia Officer", DateTimeOffset.UtcNow.AddDays(-2)));
            await db.SaveChangesAsync();
        }

        await SignInAsAsync("auditor");
        await GoToInteractiveAsync("/legal-holds");

        var holds = new LifecyclePage(Page);
        await Expect(holds.Ui.Heading).ToHaveTextAsync("Legal holds");
        var rows = holds.Holds;
        await Expect(rows).ToHaveCountAsync(1);
        await Expect(rows.First).ToContainTextAsync("Litigation");
        await Page.GetByLabel("In force only").UncheckAsync();
        await Expect(rows).ToHaveCountAsync(2);
        await Expect(rows.Nth(1)).ToContainTextAsync("Ada Admin");
        await Expect(LifecyclePage.State(rows.Nth(1))).ToHaveTextAsync("Lifted");
        await Expect(Page.GetByRole(AriaRole.Columnheader, new() { Name = "Actions" })).ToHaveCountAsync(0);
        await Expect(Page.GetByRole(AriaRole.Button, new() { NameRegex = new("^Lift the hold") })).ToHaveCountAsync(0);
        await Expect(Page.GetByRole(AriaRole.Button, new() { Name = "Place hold" })).ToHaveCountAsync(0);
        await Accessibility.AssertNoSeriousViolationsAsync(Page);
        AssertNoConsoleErrors();
    }

    /// <summary>A time as the form takes it: ISO, in UTC.</summary>
    private static string Iso(DateTimeOffset value) => value.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);
}
