using AdminConsole.Domain.Model.Posture;
using AdminConsole.Web.Components.Pages.Posture;

namespace AdminConsole.Web.Tests;

public class PostureViolationRowTests
{
    [Fact]
    public void AWorkspaceViolation_LinksToTheWorkspacesAiSettings_ASubprocessorOneToTheRegistry_AJobOneToTheJobsPage()
    {
        var workspace = Guid.NewGuid().ToString();
        var subprocessor = Guid.NewGuid().ToString();

        Assert.Equal(
            [$"workspaces/{workspace}/ai-settings", $"subprocessors/{subprocessor}", "jobs#job-retention-enforcement"],
            new[]
            {
                Violation(PostureRules.AiProviderNotAuthorized, workspace),
                Violation(PostureRules.ReviewOverdue, subprocessor),
                Violation(PostureRules.RetentionBehind, "retention-enforcement"),
            }.Select(v => PostureViolationRow.From(v).Href));
    }

    private static PostureViolation Violation(PostureRule rule, string subjectId) =>
        new(rule, rule.SubjectKind, subjectId, "Subject", "Detail", null);
}
