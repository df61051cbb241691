using AdminConsole.Domain.Access;
using MudBlazor;

namespace AdminConsole.Web.Components.Ui;

/// <summary>
/// The one way a page runs a change: confirm when it destroys something, run the use case, and say how it ended: a
/// snackbar for done, not found and forbidden; the field's message (or the form's alert) for a refusal. A failure
/// nobody expected is logged with its exception and told as such; the use case has then written nothing.
/// </summary>
public sealed partial class ConsoleActions(IDialogService dialogs, ISnackbar snackbar, ILogger<ConsoleActions> logger)
{
    /// <summary>Asks before a destructive or far-reaching change; true when the person confirmed.</summary>
    public async Task<bool> ConfirmAsync(string title, string message, string confirmText, string cancelText = "Cancel")
    {
        var answer = await dialogs.ShowMessageBoxAsync(new MessageBoxOptions
        {
            Title = title,
            Message = message,
            YesText = confirmText,
            CancelText = cancelText,
        });
        return answer == true;
    }

    /// <summary>Tells something that is not the outcome of a change (a run that finished in the background).</summary>
    public void Say(string message, Severity severity = Severity.Info) => snackbar.Add(message, severity);

    /// <summary>Runs a use case and tells its outcome; <paramref name="done"/> is the snackbar's text when it succeeded (the use case's own message when empty).</summary>
    public Task<Outcome> RunAsync(Func<Task<Outcome>> useCase, string done, FormFeedback? form = null) =>
        RunCoreAsync(useCase, _ => done, form);

    /// <summary>Runs a use case that returns a value (the id of what it created).</summary>
    public Task<Outcome<T>> RunAsync<T>(Func<Task<Outcome<T>>> useCase, string done, FormFeedback? form = null) =>
        RunAsync(useCase, _ => done, form);

    /// <summary>Runs a use case that returns a value, and says what it did from that value.</summary>
    public async Task<Outcome<T>> RunAsync<T>(Func<Task<Outcome<T>>> useCase, Func<T, string> done, FormFeedback? form = null)
    {
        ArgumentNullException.ThrowIfNull(useCase);
        ArgumentNullException.ThrowIfNull(done);
        Outcome<T>? result = null;
        var outcome = await RunCoreAsync(async Task<Outcome> () =>
        {
            result = await useCase();
            return result;
        }, o => o is Outcome<T> { Succeeded: true } typed ? done(typed.Value) : null, form);
        return result ?? outcome.As<T>();
    }

    private async Task<Outcome> RunCoreAsync(Func<Task<Outcome>> useCase, Func<Outcome, string?> done, FormFeedback? form)
    {
        ArgumentNullException.ThrowIfNull(useCase);
        form?.Clear();
        Outcome outcome;
        try
        {
            outcome = await useCase();
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            LogFailed(logger, e);
            outcome = Outcome.Refused(null, "Something went wrong and nothing was changed. Try again; if it happens again, the console's log has the details.");
        }

        Tell(outcome, outcome.Succeeded ? done(outcome) : null, form);
        return outcome;
    }

    private void Tell(Outcome outcome, string? done, FormFeedback? form)
    {
        switch (outcome.Kind)
        {
            case OutcomeKind.Done:
                snackbar.Add(string.IsNullOrEmpty(done) ? outcome.Message ?? "Done" : done, Severity.Success);
                break;
            case OutcomeKind.Refused when form is not null:
                if (!form.Show(outcome))
                    snackbar.Add(outcome.Message ?? "Not accepted.", Severity.Error);
                break;
            default:
                snackbar.Add(outcome.Message ?? "Not accepted.", Severity.Error);
                break;
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "A change failed unexpectedly; its use case wrote nothing")]
    private static partial void LogFailed(ILogger logger, Exception exception);
}
