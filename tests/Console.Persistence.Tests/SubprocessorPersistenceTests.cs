using AdminConsole.Domain.Model.Subprocessors;
using AdminConsole.Domain.Persistence;
using AdminConsole.TestSupport;
using Microsoft.EntityFrameworkCore;

namespace AdminConsole.Persistence.Tests;

public class SubprocessorPersistenceTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 1, 9, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task Subprocessor_WithCertificationsAndReviews_RoundTrips(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await database.MigrateAsync();
        var today = DateOnly.FromDateTime(Now.UtcDateTime);
        var details = new SubprocessorDetails(
            "Pinecone Systems, Inc.", "Vector store for workspace search embeddings", ProcessingCategory.VectorStore,
            ["Embeddings", "Page metadata"], ["US", "EU"],
            [new Certification(CertificationType.Soc2Type2, today.AddMonths(6)), new Certification(CertificationType.Iso27001, today.AddDays(20))],
            "DPA-PC-7", zeroRetentionCapable: false, retentionDays: 60, RiskTier.Medium, "https://www.pinecone.io");
        var subprocessor = Subprocessor.Propose(details, Now);
        subprocessor.PublishNotice(Now, Now.AddDays(31), Subprocessor.DefaultNoticePeriod);
        subprocessor.Authorize(Now.AddDays(31));
        subprocessor.RecordReview(today.AddDays(40), "Olivia Officer", ReviewArtifacts.AttestationReport | ReviewArtifacts.Dpa, ReviewOutcome.ApprovedWithConditions, "Pen test pending.", today.AddMonths(6), today.AddDays(40));
        await using (var db = database.CreateContext())
        {
            db.Subprocessors.Add(subprocessor);
            await db.SaveChangesAsync();
        }

        await using var read = database.CreateContext();
        var loaded = await read.Subprocessors.Include(s => s.Reviews).SingleAsync();

        Assert.Equal(details, loaded.Details);
        Assert.Equal(["Embeddings", "Page metadata"], loaded.DataCategories);
        Assert.Equal(2, loaded.Certifications.Count);
        Assert.True(loaded.Certifications.Single(c => c.Type == CertificationType.Iso27001).ExpiresSoon(today));
        Assert.Equal(SubprocessorStatus.Authorized, loaded.Status);
        Assert.Equal(Now.AddDays(31), loaded.EffectiveAt);
        var review = Assert.Single(loaded.Reviews);
        Assert.Equal((today.AddDays(40), ReviewArtifacts.AttestationReport | ReviewArtifacts.Dpa, today.AddMonths(6)), (review.ReviewedOn, review.Artifacts, review.NextDueOn));
    }
}
