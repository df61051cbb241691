namespace AdminConsole.Web.Components.Pages.Reports;

/// <summary>The Reports page's form: the scope ("all" or a workspace id) and the period, in whole UTC days.</summary>
public sealed class ReportFormModel
{
    public const string AllWorkspaces = "all";

    /// <summary>Named as the model names it, so that a refusal lands next to its field.</summary>
    public string WorkspaceId { get; set; } = AllWorkspaces;

    public DateOnly? FromDay { get; set; }

    public DateOnly? ToDay { get; set; }
}
