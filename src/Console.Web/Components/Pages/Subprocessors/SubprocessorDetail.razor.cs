using System.Globalization;
using AdminConsole.Domain.Commands;
using AdminConsole.Domain.Model.Common;
using AdminConsole.Domain.Model.Subprocessors;
using AdminConsole.Domain.Persistence;
using AdminConsole.Jobs.Notices;
using AdminConsole.Web.Security;
using Microsoft.AspNetCore.Components;
using Microsoft.EntityFrameworkCore;
using Radzen;

namespace AdminConsole.Web.Components.Pages.Subprocessors;

public partial class SubprocessorDetail
{
    private static readonly CultureInfo Culture = CultureInfo.InvariantCulture;

    private Subprocessor? _subprocessor;
    private SubprocessorFormModel? _form;
    private DateTime? _effectiveAt;
    private string? _noticeError;

    [Parameter]
    public Guid Id { get; set; }

    [Inject]
    public required IDbContextFactory<ConsoleDbContext> DbFactory { get; init; }

    [Inject]
    public required SubprocessorCommands Commands { get; init; }

    [Inject]
    public required SubprocessorOptions Options { get; init; }

    [Inject]
    public required UserContext UserContext { get; init; }

    [Inject]
    public required TimeProvider Clock { get; init; }

    [Inject]
    public required DialogService Dialogs { get; init; }

    [Inject]
    public required NotificationService Notifications { get; init; }

    [Inject]
    public required NavigationManager Navigation { get; init; }

    [Inject]
    public required NoticeOutbox Outbox { get; init; }

    private DateOnly Today => DateOnly.FromDateTime(Clock.GetUtcNow().UtcDateTime);

    private int NoticeDays => Options.NoticePeriodDays;

    private DateTimeOffset EarliestEffective => Subprocessor.EarliestOfferedEffectiveAt(Clock.GetUtcNow(), Options.NoticePeriod);

    protected override Task OnParametersSetAsync() => LoadAsync();

    private async Task LoadAsync()
    {
        await using var db = await DbFactory.CreateDbContextAsync();
        _subprocessor = await db.Subprocessors.AsNoTracking().Include(s => s.Reviews).SingleOrDefaultAsync(s => s.Id == Id);
        if (_subprocessor is null)
        {
            Navigation.NotFound();
            return;
        }

        _form = SubprocessorFormModel.From(_subprocessor);
    }

    private async Task SaveAsync(SubprocessorDetails details)
    {
        var user = await ManagerAsync();
        await Commands.UpdateAsync(user.Actor, Id, details);
        Notifications.Notify(NotificationSeverity.Success, "Details saved");
        await LoadAsync();
    }

    private async Task PublishAsync()
    {
        _noticeError = null;
        if (_effectiveAt is not { } date)
        {
            _noticeError = "Choose the effective date.";
            return;
        }

        // The chosen day, at the time of day the notice period ends: the earliest moment that day allows.
        var effective = new DateTimeOffset(DateOnly.FromDateTime(date).ToDateTime(TimeOnly.FromDateTime(EarliestEffective.UtcDateTime)), TimeSpan.Zero);
        var confirmed = await Dialogs.Confirm(
            $"Publish the notice now? Subscribers are told today, and {_subprocessor!.LegalName} may process customer data from {effective:yyyy-MM-dd HH:mm} UTC.",
            "Publish notice", new ConfirmOptions { OkButtonText = "Publish notice", CancelButtonText = "Cancel" });
        if (confirmed != true)
            return;
        try
        {
            var user = await ManagerAsync();
            await Commands.PublishNoticeAsync(user.Actor, Id, effective);
            await Outbox.SendNowAsync();
            Notifications.Notify(NotificationSeverity.Success, "Notice published", $"Effective {effective:yyyy-MM-dd HH:mm} UTC");
            await LoadAsync();
        }
        catch (DomainRuleException ex)
        {
            _noticeError = ex.Message;
        }
    }

    private async Task RetireAsync()
    {
        var confirmed = await Dialogs.Confirm(
            $"Retire {_subprocessor!.LegalName}? It can no longer be selected by any workspace.",
            "Retire subprocessor", new ConfirmOptions { OkButtonText = "Retire", CancelButtonText = "Cancel" });
        if (confirmed != true)
            return;
        try
        {
            var user = await ManagerAsync();
            await Commands.RetireAsync(user.Actor, Id);
            await Outbox.SendNowAsync();
            Notifications.Notify(NotificationSeverity.Success, "Subprocessor retired");
            await LoadAsync();
        }
        catch (DomainRuleException ex)
        {
            Notifications.Notify(NotificationSeverity.Error, "Not retired", ex.Message);
        }
    }

    /// <summary>Checked on the server for every change, whatever the page showed.</summary>
    private async Task<CurrentUser> ManagerAsync()
    {
        var user = await UserContext.GetAsync();
        return user.Satisfies(Policies.ManageSubprocessors)
            ? user
            : throw new DomainRuleException(string.Empty, "Only compliance officers and administrators change the registry.");
    }
}
