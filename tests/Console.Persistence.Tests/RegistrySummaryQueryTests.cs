using AdminConsole.Domain.Model.Subprocessors;
using AdminConsole.Domain.Persistence;
using AdminConsole.Domain.Queries;
using AdminConsole.TestSupport;

namespace AdminConsole.Persistence.Tests;

public class RegistrySummaryQueryTests
{
    private static readonly DateTimeOffset Start = new(2025, 1, 10, 9, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task Summary_CountsStatusesOverdueReviewsAndLapsingCertifications(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await database.MigrateAsync();
        var today = new DateOnly(2026, 3, 1);
        await using (var db = database.CreateContext())
        {
            // Authorized 2025-02-09, never reviewed: due 2026-02-09, overdue on 2026-03-01; its ISO cert lapses in 10 days.
            var overdue = Authorized("Overdue Inc", [new Certification(CertificationType.Iso27001, today.AddDays(10))]);
            // Reviewed 2025-03-20 with the next review due 2026-03-20: due within 30 days.
            var dueSoon = Authorized("Due Soon Ltd", []);
            dueSoon.RecordReview(new DateOnly(2025, 3, 20), "Olivia", ReviewArtifacts.PenTest, ReviewOutcome.Approved, null, new DateOnly(2026, 3, 20), new DateOnly(2025, 3, 20));
            var announced = Subprocessor.Propose(Details("Announced SA", []), Start);
            announced.PublishNotice(Start, Start.AddDays(400), Subprocessor.DefaultNoticePeriod);
            var retired = Authorized("Retired AG", [new Certification(CertificationType.Soc2Type2, today.AddDays(-5))]);
            retired.Retire(Start.AddDays(100));
            db.Subprocessors.AddRange(overdue, dueSoon, announced, retired, Subprocessor.Propose(Details("Proposed BV", []), Start));
            await db.SaveChangesAsync();
        }

        await using var read = database.CreateContext();
        var summary = await RegistrySummaryQuery.RunAsync(read, today);

        Assert.Equal(new RegistrySummary(Proposed: 1, InNoticePeriod: 1, Authorized: 2, Retired: 1, ReviewsOverdue: 1, ReviewsDueSoon: 1, CertificationsExpiringSoon: 1), summary);
    }

    private static Subprocessor Authorized(string name, Certification[] certifications)
    {
        var subprocessor = Subprocessor.Propose(Details(name, certifications), Start);
        subprocessor.PublishNotice(Start, Start.AddDays(30), Subprocessor.DefaultNoticePeriod);
        subprocessor.Authorize(Start.AddDays(30));
        return subprocessor;
    }

    private static SubprocessorDetails Details(string name, Certification[] certifications) =>
        new(name, "Processing", ProcessingCategory.Hosting, ["Pages"], ["US"], certifications, "DPA", false, 30, RiskTier.Low, null);
}
