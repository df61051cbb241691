using AdminConsole.Domain.Access;
using AdminConsole.Domain.Model;
using AdminConsole.Domain.Model.Retention;
using AdminConsole.Domain.UseCases;
using AdminConsole.Web.Components.Ui;
using AdminConsole.Web.Security;
using Microsoft.AspNetCore.Components;

namespace AdminConsole.Web.Components.Pages.Retention;

public partial class RetentionPolicies
{
    private RetentionView? _view;
    private RetentionPolicyView? _editing;

    [Inject]
    public required RetentionUseCases Retention { get; init; }

    [Inject]
    public required ConsoleActions Actions { get; init; }

    [Inject]
    public required UserContext UserContext { get; init; }

    protected override Task OnInitializedAsync() => LoadAsync();

    private async Task LoadAsync()
    {
        var outcome = await Retention.GetAsync(await UserContext.GetAsync());
        _view = outcome.Succeeded ? outcome.Value : null;
    }

    /// <summary>Saves the form's terms; a refusal is the form's to show (next to the field it names).</summary>
    private async Task<Outcome> SaveAsync(RetentionTerms terms, FormFeedback form)
    {
        var editing = _editing ?? throw new InvalidOperationException("No policy is being edited.");
        var user = await UserContext.GetAsync();
        var outcome = await Actions.RunAsync(
            () => Retention.ChangeAsync(user, editing.Plan, terms, editing.Version),
            changed => changed
                ? $"{editing.Plan.Label()} retention policy saved: the retention jobs apply it from their next run."
                : $"Nothing to save: these are the {editing.Plan.Label()} terms in force already.",
            form);
        if (!outcome.Succeeded)
        {
            // Someone else saved first: show their version in the table, keep this editor's values in the form.
            if (outcome.Field == nameof(RetentionPolicy.Version))
                await LoadAsync();
            return outcome;
        }

        _editing = null;
        await LoadAsync();
        StateHasChanged();
        return outcome;
    }
}
