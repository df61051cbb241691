using System.ComponentModel.DataAnnotations;
using AdminConsole.Domain.Model.Workspaces;
using AdminConsole.Web.Components.Pages.Workspaces;

namespace AdminConsole.Web.Tests;

public class WorkspaceFormModelTests
{
    [Theory]
    [InlineData(null, "Name is required.")]
    [InlineData("", "Name is required.")]
    public void MissingName_IsReportedOnTheNameField(string? name, string message)
    {
        var errors = Validate(new WorkspaceFormModel { Name = name, Plan = Plan.Free, Region = DataRegion.US });

        var error = Assert.Single(errors);
        Assert.Equal(message, error.ErrorMessage);
        Assert.Equal(["Name"], error.MemberNames);
    }

    [Fact]
    public void TooLongName_IsReportedOnTheNameField()
    {
        var errors = Validate(new WorkspaceFormModel { Name = new string('x', 101), Plan = Plan.Free, Region = DataRegion.US });

        Assert.Equal("Name must be at most 100 characters.", Assert.Single(errors).ErrorMessage);
    }

    [Fact]
    public void UnknownPlan_IsReportedOnThePlanField()
    {
        var errors = Validate(new WorkspaceFormModel { Name = "Acme", Plan = (Plan)42, Region = DataRegion.US });

        var error = Assert.Single(errors);
        Assert.Equal("Choose one of the listed plans.", error.ErrorMessage);
        Assert.Equal(["Plan"], error.MemberNames);
    }

    [Fact]
    public void MissingPlanAndRegion_AreBothReported()
    {
        var errors = Validate(new WorkspaceFormModel { Name = "Acme" });

        Assert.Equal(["Choose a data region.", "Choose a plan."], errors.Select(e => e.ErrorMessage).Order());
    }

    private static List<ValidationResult> Validate(object model)
    {
        var results = new List<ValidationResult>();
        Validator.TryValidateObject(model, new ValidationContext(model), results, validateAllProperties: true);
        return results;
    }
}

public class CsvTests
{
    [Theory]
    [InlineData("plain", "plain")]
    [InlineData("a,b", "\"a,b\"")]
    [InlineData("say \"hi\"", "\"say \"\"hi\"\"\"")]
    [InlineData("=HYPERLINK(\"x\")", "\"'=HYPERLINK(\"\"x\"\")\"")]
    [InlineData("+1", "\"'+1\"")]
    [InlineData("@SUM(A1)", "\"'@SUM(A1)\"")]
    [InlineData(null, "")]
    public void Csv_QuotesAndDisarmsFormulas(string? value, string expected) =>
        Assert.Equal(expected, AdminConsole.Web.Api.CsvDownload.Cell(value));
}
