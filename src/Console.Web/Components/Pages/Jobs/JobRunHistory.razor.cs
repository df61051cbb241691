using AdminConsole.Domain.Queries;
using AdminConsole.Domain.UseCases;
using AdminConsole.Web.Components.Ui;
using AdminConsole.Web.Security;
using Microsoft.AspNetCore.Components;

namespace AdminConsole.Web.Components.Pages.Jobs;

/// <summary>One job's run records, paged in SQL, and the evidence its latest run wrote.</summary>
public partial class JobRunHistory
{
    private static readonly IReadOnlyList<GridColumn> Columns =
    [
        new("Started"), new("Finished"), new("Outcome"), new("Items", Numeric: true), new("Errors", Numeric: true), new("First error"),
    ];

    private JobDetail? _detail;
    private bool _missing;

    [Parameter, EditorRequired]
    public required string JobName { get; set; }

    [Inject]
    public required JobUseCases Jobs { get; init; }

    [Inject]
    public required UserContext UserContext { get; init; }

    protected override async Task OnInitializedAsync()
    {
        var outcome = await Jobs.DetailAsync(await UserContext.GetAsync(), JobName);
        _detail = outcome.Succeeded ? outcome.Value : null;
        _missing = outcome.Kind == AdminConsole.Domain.Access.OutcomeKind.NotFound;
    }

    private async Task<GridPage<JobRunRow>> LoadAsync(GridRequest request, CancellationToken cancellationToken)
    {
        var outcome = await Jobs.RunsAsync(await UserContext.GetAsync(), JobName, request.Skip, request.Take, cancellationToken);
        return outcome.Succeeded ? new GridPage<JobRunRow>(outcome.Value.Items, outcome.Value.Total) : new GridPage<JobRunRow>([], 0);
    }
}
