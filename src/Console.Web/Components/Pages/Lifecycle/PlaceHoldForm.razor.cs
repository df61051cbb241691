using System.Globalization;
using AdminConsole.Domain.Access;
using AdminConsole.Domain.UseCases;
using AdminConsole.Web.Components.Ui;
using AdminConsole.Web.Security;
using Microsoft.AspNetCore.Components;

namespace AdminConsole.Web.Components.Pages.Lifecycle;

public partial class PlaceHoldForm
{
    private LegalHoldFormModel _model = null!;
    private FormFeedback _feedback = null!;
    private bool _saving;

    [Parameter, EditorRequired]
    public Guid WorkspaceId { get; set; }

    [Parameter]
    public EventCallback Placed { get; set; }

    [Inject]
    public required LifecycleUseCases Lifecycle { get; init; }

    [Inject]
    public required ConsoleActions Actions { get; init; }

    [Inject]
    public required UserContext UserContext { get; init; }

    [Inject]
    public required TimeProvider Clock { get; init; }

    protected override void OnInitialized() => Reset();

    private void Reset()
    {
        _model = new LegalHoldFormModel { From = Clock.GetUtcNow().UtcDateTime.ToString(LegalHoldFormModel.Format, CultureInfo.InvariantCulture) };
        _feedback = new FormFeedback(_model);
    }

    private async Task PlaceAsync()
    {
        if (LegalHoldFormModel.Utc(_model.From) is not { } from)
        {
            _feedback.Show(Outcome.Refused(nameof(LegalHoldFormModel.From), "From is not a day and time that exists: check the day of the month."));
            return;
        }

        DateTimeOffset? until = null;
        if (!string.IsNullOrWhiteSpace(_model.Until))
        {
            until = LegalHoldFormModel.Utc(_model.Until);
            if (until is null)
            {
                _feedback.Show(Outcome.Refused(nameof(LegalHoldFormModel.Until), "Until is not a day and time that exists: check the day of the month."));
                return;
            }
        }

        _saving = true;
        try
        {
            var user = await UserContext.GetAsync();
            var outcome = await Actions.RunAsync(
                () => Lifecycle.PlaceHoldAsync(user, WorkspaceId, _model.Reason, from, until),
                "Legal hold placed: no purge touches this workspace while it is in force.",
                _feedback);
            if (!outcome.Succeeded)
                return;
            Reset();
            await Placed.InvokeAsync();
        }
        finally
        {
            _saving = false;
        }
    }
}
