using AdminConsole.Domain.Commands;
using AdminConsole.Domain.Model.Common;
using AdminConsole.Web.Components.Shared;
using AdminConsole.Web.Security;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Forms;
using Radzen;

namespace AdminConsole.Web.Components.Pages.Lifecycle;

public partial class PlaceHoldForm
{
    private LegalHoldFormModel _model = null!;
    private EditContext _editContext = null!;
    private ValidationMessageStore _domainErrors = null!;
    private string? _formError;
    private bool _saving;

    [Parameter, EditorRequired]
    public Guid WorkspaceId { get; set; }

    [Parameter]
    public EventCallback Placed { get; set; }

    [Inject]
    public required LifecycleCommands Lifecycle { get; init; }

    [Inject]
    public required UserContext UserContext { get; init; }

    [Inject]
    public required TimeProvider Clock { get; init; }

    [Inject]
    public required NotificationService Notifications { get; init; }

    protected override void OnInitialized() => Reset();

    private void Reset()
    {
        var now = Clock.GetUtcNow().UtcDateTime;
        _model = new LegalHoldFormModel { From = new DateTime(now.Year, now.Month, now.Day, now.Hour, now.Minute, 0, DateTimeKind.Unspecified) };
        _editContext = new EditContext(_model);
        _domainErrors = new ValidationMessageStore(_editContext);
        _editContext.OnFieldChanged += (_, e) => _domainErrors.Clear(e.FieldIdentifier);
    }

    private async Task PlaceAsync()
    {
        _domainErrors.Clear();
        _formError = null;
        _saving = true;
        try
        {
            var user = await UserContext.GetAsync();
            if (!user.Satisfies(Policies.ManageLegalHolds))
                throw new DomainRuleException(string.Empty, "Only compliance officers and administrators place legal holds.");
            var until = _model.Until is { } end ? LegalHoldFormModel.Utc(end) : (DateTimeOffset?)null;
            await Lifecycle.PlaceHoldAsync(user.Actor, WorkspaceId, _model.Reason, LegalHoldFormModel.Utc(_model.From!.Value), until);
            Notifications.Notify(NotificationSeverity.Success, "Legal hold placed", "No purge touches this workspace while it is in force.");
            Reset();
            await Placed.InvokeAsync();
        }
        catch (DomainRuleException ex)
        {
            _formError = FormErrors.Show(_editContext, _domainErrors, ex);
        }
        finally
        {
            _saving = false;
        }
    }
}
