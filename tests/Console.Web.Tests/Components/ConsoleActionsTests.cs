using AdminConsole.Domain.Access;
using AdminConsole.Web.Components.Ui;
using Bunit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using MudBlazor;
using MudBlazor.Services;

namespace AdminConsole.Web.Tests.Components;

/// <summary>The one way a page runs a change: what each outcome looks like to the person who asked for it.</summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Reliability", "CA1001", Justification = "Disposed through IAsyncLifetime.DisposeAsync, which xunit calls.")]
public sealed class ConsoleActionsTests : IAsyncLifetime
{
    // Composed, not inherited: MudBlazor's services are disposed asynchronously only, and xunit 2 would call Dispose.
    private readonly BunitContext _bunit = new();

    private readonly ConsoleActions _actions;
    private readonly ISnackbar _snackbar;

    public ConsoleActionsTests()
    {
        _bunit.JSInterop.Mode = JSRuntimeMode.Loose;
        _bunit.Services.AddMudServices();
        _snackbar = _bunit.Services.GetRequiredService<ISnackbar>();
        _actions = new ConsoleActions(_bunit.Services.GetRequiredService<IDialogService>(), _snackbar, NullLogger<ConsoleActions>.Instance);
    }

    [Fact]
    public async Task Done_SaysWhatThePageSays()
    {
        var outcome = await _actions.RunAsync(() => Task.FromResult(Outcome.Done("Saved")), "Team Legal added");

        Assert.True(outcome.Succeeded);
        var shown = Assert.Single(_snackbar.ShownSnackbars);
        Assert.Equal(("Team Legal added", Severity.Success), (shown.Message, shown.Severity));
    }

    [Fact]
    public async Task ARefusalAboutAField_GoesNextToTheField_WithoutASnackbar()
    {
        var model = new Model();
        var form = new FormFeedback(model);

        var outcome = await _actions.RunAsync(() => Task.FromResult(Outcome.Refused(nameof(Model.Name), "Name is taken.")), "Saved", form);

        Assert.Equal(OutcomeKind.Refused, outcome.Kind);
        Assert.Equal(["Name is taken."], form.EditContext.GetValidationMessages(form.EditContext.Field(nameof(Model.Name))));
        Assert.Null(form.Alert);
        Assert.Empty(_snackbar.ShownSnackbars);
    }

    [Fact]
    public async Task ARefusalAboutTheWholeChange_GoesToTheFormsAlert_AndASnackbar()
    {
        var form = new FormFeedback(new Model());

        await _actions.RunAsync(() => Task.FromResult(Outcome.Refused("Elsewhere", "The workspace is purged.")), "Saved", form);

        Assert.Equal("The workspace is purged.", form.Alert);
        Assert.Equal(Severity.Error, Assert.Single(_snackbar.ShownSnackbars).Severity);
    }

    [Theory]
    [InlineData(OutcomeKind.Forbidden)]
    [InlineData(OutcomeKind.NotFound)]
    public async Task ForbiddenAndNotFound_AreSaidAsErrors(OutcomeKind kind)
    {
        var refusal = kind == OutcomeKind.Forbidden ? Outcome.Forbidden("Your role may not.") : Outcome.NotFound("No such workspace.");

        var outcome = await _actions.RunAsync(() => Task.FromResult(refusal), "Saved");

        Assert.Equal(kind, outcome.Kind);
        var shown = Assert.Single(_snackbar.ShownSnackbars);
        Assert.Equal((refusal.Message, Severity.Error), (shown.Message, shown.Severity));
    }

    [Fact]
    public async Task AFailureNobodyExpected_IsSaidAsSuch_AndReturnedAsRefused()
    {
        var outcome = await _actions.RunAsync<Guid>(() => throw new InvalidOperationException("boom"), "Created");

        Assert.Equal(OutcomeKind.Refused, outcome.Kind);
        Assert.Contains("nothing was changed", Assert.Single(_snackbar.ShownSnackbars).Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AValue_CanNameWhatWasDone()
    {
        var outcome = await _actions.RunAsync(() => Task.FromResult(Outcome.Done(false)), changed => changed ? "Saved" : "Nothing to save");

        Assert.False(outcome.Value);
        Assert.Equal("Nothing to save", Assert.Single(_snackbar.ShownSnackbars).Message);
    }

    [Fact]
    public void EditingAField_ClearsItsMessage()
    {
        var model = new Model();
        var form = new FormFeedback(model);
        form.Show(Outcome.Refused(nameof(Model.Name), "Name is taken."));

        model.Name = "Other";
        form.EditContext.NotifyFieldChanged(form.EditContext.Field(nameof(Model.Name)));

        Assert.Empty(form.EditContext.GetValidationMessages());
    }

    [Fact]
    public void ARefusalOfTheValueTheFieldHolds_StaysWhenTheInputReportsTheChange_AndTheInputsAreToldWhenItClears()
    {
        // A filter that runs as it is typed: the input sets the value, the page runs the use case and shows its refusal,
        // then the input reports the change. The refusal is about the value in the field, so it stays.
        var model = new Model { Name = "not-a-guid" };
        var form = new FormFeedback(model);
        var told = 0;
        form.EditContext.OnValidationStateChanged += (_, _) => told++;
        form.Show(Outcome.Refused(nameof(Model.Name), "Workspace id must be a GUID."));
        form.EditContext.NotifyFieldChanged(form.EditContext.Field(nameof(Model.Name)));
        Assert.Equal(["Workspace id must be a GUID."], form.EditContext.GetValidationMessages());

        // Another value makes it stale: it clears, and the inputs that show their own message are told to read again.
        var before = told;
        model.Name = "0f8fad5b-d9cb-469f-a165-70867728950e";
        form.EditContext.NotifyFieldChanged(form.EditContext.Field(nameof(Model.Name)));
        Assert.Empty(form.EditContext.GetValidationMessages());
        Assert.True(told > before);
    }

    private sealed class Model
    {
        public string? Name { get; set; }
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _bunit.DisposeAsync();
}
