using AdminConsole.Domain.Access;
using AdminConsole.Domain.Model.Access;
using AdminConsole.Domain.Model.Posture;
using AdminConsole.Domain.UseCases;

namespace AdminConsole.Domain.Tests;

/// <summary>A violation links to the page where it is fixed, and only for a reader who may open that page.</summary>
public class PostureLinkTests
{
    private static readonly string Workspace = Guid.NewGuid().ToString();
    private static readonly string Subprocessor = Guid.NewGuid().ToString();

    [Theory]
    [InlineData(ConsoleRoles.Admin)]
    [InlineData(ConsoleRoles.ComplianceOfficer)]
    public void ForThoseWhoSeeEveryWorkspace_EachViolationLinksToWhereItIsFixed(string role) =>
        Assert.Equal($"workspaces/{Workspace}/ai-settings | subprocessors/{Subprocessor} | jobs?job=retention-enforcement", Links(role));

    [Fact]
    public void ForAnAuditor_TheWorkspaceIsNotALink_ForHeMayNotOpenWorkspacePages() =>
        Assert.Equal($"no link | subprocessors/{Subprocessor} | jobs?job=retention-enforcement", Links(ConsoleRoles.Auditor));

    [Fact]
    public void ForAWorkspaceAdmin_NothingLinks() =>
        Assert.Equal("no link | no link | no link", Links(ConsoleRoles.WorkspaceAdmin));

    private static string Links(string role)
    {
        var user = new CurrentUser(Guid.NewGuid(), "reader", new HashSet<string>([role]), null);
        string?[] links =
        [
            PostureUseCases.Href(user, Violation(PostureRules.AiProviderNotAuthorized, Workspace)),
            PostureUseCases.Href(user, Violation(PostureRules.ReviewOverdue, Subprocessor)),
            PostureUseCases.Href(user, Violation(PostureRules.RetentionBehind, "retention-enforcement")),
        ];
        return string.Join(" | ", links.Select(l => l ?? "no link"));
    }

    private static PostureViolation Violation(PostureRule rule, string subjectId) =>
        new(rule, rule.SubjectKind, subjectId, "Subject", "Detail", null);
}
