using AdminConsole.Web.Components.Ui;

namespace AdminConsole.Web.Components.Pages.Reports;

/// <summary>The reports page's form: the scope and the period, in whole UTC days; named as the domain names them, so a refusal lands next to its field.</summary>
public sealed class ReportFormModel
{
    public WorkspaceChoice? WorkspaceId { get; set; }

    public DateTime? FromDay { get; set; }

    public DateTime? ToDay { get; set; }
}
