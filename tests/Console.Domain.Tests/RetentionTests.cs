using AdminConsole.Domain.Model.Common;
using AdminConsole.Domain.Model.Lifecycle;
using AdminConsole.Domain.Model.Retention;
using AdminConsole.Domain.Model.Workspaces;

namespace AdminConsole.Domain.Tests;

public class RetentionTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 1, 9, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Window = TimeSpan.FromDays(30);

    [Theory]
    [InlineData(Plan.Free)]
    [InlineData(Plan.Plus)]
    [InlineData(Plan.Business)]
    [InlineData(Plan.Enterprise)]
    public void Defaults_KeepEveryCommitment(Plan plan) =>
        Assert.Equal(plan, RetentionPolicy.Create(plan, RetentionTerms.DefaultFor(plan), Now, "console defaults").Plan);

    [Theory]
    [InlineData(Plan.Enterprise, 1, 30, 30, "ProviderRetentionDays", "zero data retention at LLM providers for Enterprise")]
    [InlineData(Plan.Business, 31, 30, 30, "ProviderRetentionDays", "at most 30 days")]
    [InlineData(Plan.Free, 30, 61, 30, "EmbeddingDeletionDays", "within 60 days after their page or workspace is deleted")]
    [InlineData(Plan.Plus, 30, 30, 29, "TrashRestoreDays", "restored for 30 days")]
    [InlineData(Plan.Plus, 30, 30, 31, "TrashRestoreDays", "gone for good after that")]
    [InlineData(Plan.Plus, -1, 30, 30, "ProviderRetentionDays", "from 0 to 3650")]
    public void Terms_ThatBreakACommitment_AreRefused_NamingIt(Plan plan, int provider, int embeddings, int restore, string field, string commitment)
    {
        var terms = RetentionTerms.DefaultFor(plan) with { ProviderRetentionDays = provider, EmbeddingDeletionDays = embeddings, TrashRestoreDays = restore };

        var error = Assert.Throws<DomainRuleException>(() => terms.Validate(plan));

        Assert.Equal(field, error.Field);
        Assert.Contains(commitment, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Terms_AtTheEdgeOfEachCommitment_AreAccepted()
    {
        var edge = RetentionTerms.DefaultFor(Plan.Business) with { ProviderRetentionDays = 30, EmbeddingDeletionDays = 60, AuditLogDays = 365 };

        Assert.Equal(edge, edge.Validate(Plan.Business));
        Assert.Throws<DomainRuleException>(() => (edge with { AuditLogDays = 364 }).Validate(Plan.Business));
    }

    [Fact]
    public void Change_KeepsEveryVersion_AndASaveThatChangesNothingRecordsNothing()
    {
        var policy = RetentionPolicy.Create(Plan.Plus, RetentionTerms.DefaultFor(Plan.Plus), Now, "console defaults");

        Assert.True(policy.Change(policy.Terms with { PromptHistoryDays = 14 }, Now.AddDays(1), "Olivia Officer"));
        Assert.False(policy.Change(policy.Terms, Now.AddDays(2), "Olivia Officer"));
        Assert.Throws<DomainRuleException>(() => policy.Change(policy.Terms with { ProviderRetentionDays = 45 }, Now.AddDays(3), "Olivia Officer"));

        Assert.Equal((2, 14, "Olivia Officer"), (policy.Version, policy.Terms.PromptHistoryDays, policy.ChangedBy));
        Assert.Equal([30, 14], policy.Versions.Select(v => v.Terms.PromptHistoryDays));
    }

    [Fact]
    public void APage_IsRestorableUntilNotOneSecondPastItsWindow_ThenRefusedWithTheReason()
    {
        var early = Page.Create(Guid.NewGuid(), Guid.NewGuid(), "Roadmap", Now);
        var late = Page.Create(Guid.NewGuid(), Guid.NewGuid(), "Roadmap", Now);
        early.Delete(Now);
        late.Delete(Now);

        early.Restore(Now + TimeSpan.FromDays(29) + TimeSpan.FromHours(23), Window);
        var error = Assert.Throws<DomainRuleException>(() => late.Restore(Now + Window + TimeSpan.FromSeconds(1), Window));

        Assert.Null(early.DeletedAt);
        Assert.Equal(Now, late.DeletedAt);
        Assert.Contains("restore window of 30 days ended on 2026-12-01 09:00 UTC", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AWorkspace_IsRestorableInsideItsWindow_AndNotOncePurged()
    {
        var workspace = Workspace.Create("Acme", Plan.Business, DataRegion.EU, Now);
        workspace.Delete(Now);
        workspace.Restore(Now.AddDays(29), Window);
        workspace.Delete(Now.AddDays(40));

        Assert.Throws<DomainRuleException>(() => workspace.Restore(Now.AddDays(70) + TimeSpan.FromSeconds(1), Window));
        workspace.MarkPurged(Now.AddDays(71));
        Assert.Contains("purged for good", Assert.Throws<DomainRuleException>(() => workspace.Restore(Now.AddDays(71), Window)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ALegalHold_IsInForceFromItsStartUntilItEndsOrIsLifted()
    {
        var hold = LegalHold.Place(Guid.NewGuid(), "Litigation 2026-17", Now, Now.AddDays(10), "Olivia Officer", Now);

        Assert.False(hold.IsInForce(Now.AddSeconds(-1)));
        Assert.True(hold.IsInForce(Now));
        Assert.False(hold.IsInForce(Now.AddDays(10)));
        hold.Lift("Olivia Officer", Now.AddDays(1));
        Assert.False(hold.IsInForce(Now.AddDays(2)));
        Assert.Throws<DomainRuleException>(() => LegalHold.Place(Guid.NewGuid(), " ", Now, null, "Olivia Officer", Now));
        Assert.Throws<DomainRuleException>(() => LegalHold.Place(Guid.NewGuid(), "Reason", Now, Now, "Olivia Officer", Now));
    }
}
