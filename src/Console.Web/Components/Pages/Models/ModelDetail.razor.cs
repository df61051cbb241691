using AdminConsole.Domain.Access;
using AdminConsole.Domain.Model;
using AdminConsole.Domain.Model.AiModels;
using AdminConsole.Domain.UseCases;
using AdminConsole.Web.Components.Ui;
using AdminConsole.Web.Security;
using Microsoft.AspNetCore.Components;

namespace AdminConsole.Web.Components.Pages.Models;

/// <summary>One model version: its facts, its evaluations and notices, and for officers the life cycle's steps and a new evaluation.</summary>
public partial class ModelDetail
{
    private EvaluationFormModel _evaluation = new();
    private FormFeedback _evaluate = null!;
    private FormFeedback _lifecycle = null!;
    private ModelDetailView? _view;
    private ModelFormModel? _details;
    private bool _saving;

    [Parameter]
    public Guid Id { get; set; }

    [Inject]
    public required ModelUseCases Models { get; init; }

    [Inject]
    public required ConsoleActions Actions { get; init; }

    [Inject]
    public required UserContext UserContext { get; init; }

    [Inject]
    public required NavigationManager Navigation { get; init; }

    protected override void OnInitialized()
    {
        _evaluate = new FormFeedback(_evaluation);
        _lifecycle = new FormFeedback(new LifecycleModel());
    }

    protected override Task OnParametersSetAsync() => LoadAsync();

    private static string NextStep(AiModelStage stage) => stage switch
    {
        AiModelStage.Proposed => "Record an evaluation of this version below. Another compliance officer, neither the proposer nor the one who ran it, approves it on a passing one.",
        AiModelStage.Evaluating => "Approval rests on the latest evaluation of this version, which must pass every threshold, and is given by someone who neither proposed the model nor ran that evaluation.",
        AiModelStage.Approved => "Approved. Putting it into production tells every subscriber at once.",
        _ => "Serving customers. Evaluate it again to keep its review current; retiring it tells subscribers and moves workspaces that chose it to their fallback.",
    };

    private async Task LoadAsync()
    {
        var outcome = await Models.DetailAsync(await UserContext.GetAsync(), Id);
        if (!outcome.Succeeded)
        {
            _view = null;
            Navigation.NotFound();
            return;
        }

        _view = outcome.Value;
        _details = _view.CanManage && _view.Model.Stage is AiModelStage.Proposed or AiModelStage.Evaluating ? ModelFormModel.From(_view.Model) : null;
    }

    private async Task<Outcome> SaveDetailsAsync(FormFeedback form)
    {
        var user = await UserContext.GetAsync();
        var details = _details!.ToProposal();
        var outcome = await Actions.RunAsync(() => Models.UpdateAsync(user, Id, details), saved => saved ? "Details saved" : "Nothing changed", form);
        if (outcome.Succeeded)
        {
            await LoadAsync();

            // The form's submit is the form's event: this page renders the saved facts only when told.
            StateHasChanged();
        }

        return outcome;
    }

    private async Task RecordEvaluationAsync()
    {
        _evaluate.Clear();
        if (_evaluation.Evidence is not { } file)
        {
            _evaluate.Show(Outcome.Refused(nameof(EvaluationFormModel.Evidence), "Attach the evidence file: the suite's CSV or JSON output."));
            return;
        }

        if (ModelEvidence.SizeProblem(file.Size) is { } tooLarge)
        {
            _evaluate.Show(Outcome.Refused(nameof(EvaluationFormModel.Evidence), tooLarge));
            return;
        }

        _saving = true;
        try
        {
            using var buffer = new MemoryStream();
            await using (var stream = file.OpenReadStream(ModelEvidence.MaxBytes))
                await stream.CopyToAsync(buffer);
            var user = await UserContext.GetAsync();
            var input = _evaluation.ToInput();
            var outcome = await Actions.RunAsync(
                () => Models.RecordEvaluationAsync(user, Id, input, file.Name, buffer.ToArray()), "Evaluation recorded", _evaluate);
            if (outcome.Succeeded)
            {
                _evaluation = new EvaluationFormModel();
                _evaluate = new FormFeedback(_evaluation);
                await LoadAsync();
            }
        }
        finally
        {
            _saving = false;
        }
    }

    private async Task ApproveAsync()
    {
        if (_view is not { } view || !await Actions.ConfirmAsync(
                "Approve model", $"Approve {view.Model.Name} {view.Model.Version} on the latest evaluation of this version? You must be neither its proposer nor the one who ran that evaluation.", "Approve"))
            return;
        await ChangeAsync(user => Models.ApproveAsync(user, Id), $"{view.Model.Name} {view.Model.Version} approved");
    }

    private async Task PutInProductionAsync()
    {
        if (_view is not { } view || !await Actions.ConfirmAsync(
                "Put into production", $"Put {view.Model.Name} {view.Model.Version} into production? Every subscriber is told now, and workspace admins may choose it.", "Put into production"))
            return;
        await ChangeAsync(user => Models.PutInProductionAsync(user, Id), $"{view.Model.Name} {view.Model.Version} is in production; subscribers are told");
    }

    private async Task RetireAsync()
    {
        if (_view is not { } view)
            return;
        var serving = view.Model.Stage == AiModelStage.InProduction;
        var message = serving
            ? $"Retire {view.Model.Name} {view.Model.Version}? Subscribers are told now, and workspaces that chose it move to their fallback model."
            : $"Withdraw {view.Model.Name} {view.Model.Version}? It can never go into production; a new version can be proposed.";
        if (!await Actions.ConfirmAsync(serving ? "Retire model" : "Withdraw model", message, serving ? "Retire" : "Withdraw"))
            return;
        await ChangeAsync(user => Models.RetireAsync(user, Id), $"{view.Model.Name} {view.Model.Version} {(serving ? "retired" : "withdrawn")}");
    }

    private async Task ChangeAsync(Func<CurrentUser, Task<Outcome>> change, string done)
    {
        var user = await UserContext.GetAsync();
        if ((await Actions.RunAsync(() => change(user), done, _lifecycle)).Succeeded)
            await LoadAsync();
    }

    /// <summary>The life cycle's refusals name no field of a form: they show above its buttons.</summary>
    private sealed class LifecycleModel;
}
