using AdminConsole.Domain.Access;
using AdminConsole.Domain.UseCases;
using AdminConsole.Web.Components.Ui;
using AdminConsole.Web.Security;
using Microsoft.AspNetCore.Components;

namespace AdminConsole.Web.Components.Pages.Subprocessors;

/// <summary>One subprocessor: its facts, and for managers the notice to publish, the details to edit, retirement and reviews.</summary>
public partial class SubprocessorDetail
{
    private readonly NoticeModel _noticeModel = new();
    private FormFeedback _notice = null!;
    private SubprocessorDetailView? _view;
    private SubprocessorFormModel? _form;

    [Parameter]
    public Guid Id { get; set; }

    [Inject]
    public required SubprocessorUseCases Subprocessors { get; init; }

    [Inject]
    public required ConsoleActions Actions { get; init; }

    [Inject]
    public required UserContext UserContext { get; init; }

    [Inject]
    public required NavigationManager Navigation { get; init; }

    protected override void OnInitialized() => _notice = new FormFeedback(_noticeModel);

    protected override Task OnParametersSetAsync() => LoadAsync();

    private async Task LoadAsync()
    {
        var outcome = await Subprocessors.DetailAsync(await UserContext.GetAsync(), Id);
        if (!outcome.Succeeded)
        {
            _view = null;
            Navigation.NotFound();
            return;
        }

        _view = outcome.Value;
        _form = SubprocessorFormModel.From(_view.Subprocessor);
    }

    private async Task<Outcome> SaveAsync(FormFeedback form)
    {
        var user = await UserContext.GetAsync();
        var details = _form!;
        var outcome = await Actions.RunAsync(() => Subprocessors.UpdateAsync(user, Id, details.ToDetails), "Details saved", form);
        if (outcome.Succeeded)
            await LoadAsync();
        return outcome;
    }

    private async Task PublishAsync()
    {
        _notice.Clear();
        if (_view is not { } view)
            return;
        if (_noticeModel.EffectiveAt is not { } date)
        {
            _notice.Show(Outcome.Refused(nameof(NoticeModel.EffectiveAt), "Choose the effective date."));
            return;
        }

        // The chosen day, at the time of day the notice period ends: the earliest moment that day allows.
        var effective = new DateTimeOffset(DateOnly.FromDateTime(date).ToDateTime(TimeOnly.FromDateTime(view.EarliestEffective.UtcDateTime)), TimeSpan.Zero);
        if (!await Actions.ConfirmAsync(
                "Publish notice",
                $"Publish the notice now? Subscribers are told today, and {view.Subprocessor.LegalName} may process customer data from {effective:yyyy-MM-dd HH:mm} UTC.",
                "Publish notice"))
            return;
        var user = await UserContext.GetAsync();
        var outcome = await Actions.RunAsync(() => Subprocessors.PublishNoticeAsync(user, Id, effective), $"Notice published: effective {effective:yyyy-MM-dd HH:mm} UTC", _notice);
        if (outcome.Succeeded)
            await LoadAsync();
    }

    private async Task RetireAsync()
    {
        if (_view is not { } view || !await Actions.ConfirmAsync("Retire subprocessor", $"Retire {view.Subprocessor.LegalName}? It can no longer be selected by any workspace.", "Retire"))
            return;
        var user = await UserContext.GetAsync();
        if ((await Actions.RunAsync(() => Subprocessors.RetireAsync(user, Id), $"{view.Subprocessor.LegalName} retired")).Succeeded)
            await LoadAsync();
    }

    /// <summary>The notice's effective day, named as the domain names it so a refusal shows next to the field.</summary>
    private sealed class NoticeModel
    {
        public DateTime? EffectiveAt { get; set; }
    }
}
