using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace AdminConsole.E2E.Pages;

/// <summary>
/// The console's shared controls as a person finds them: by role and label, never by a component library's classes, so a
/// change of library changes this file and not the tests.
/// </summary>
public sealed class ConsoleUi(IPage page)
{
    public IPage Page { get; } = page;

    public ILocator Heading => Page.GetByRole(AriaRole.Heading, new() { Level = 1 });

    /// <summary>Picks an option of a drop-down (a combobox named by its label) and waits until the choice shows.</summary>
    public async Task SelectAsync(string label, string option, ILocator? within = null)
    {
        var box = (within ?? Page.Locator("body")).GetByRole(AriaRole.Combobox, new() { Name = label, Exact = true });
        await box.ClickAsync();
        await Page.GetByRole(AriaRole.Listbox).GetByRole(AriaRole.Option, new() { Name = option, Exact = true }).ClickAsync();
        await Expect(box).ToHaveAttributeAsync("aria-expanded", "false");
        await Expect(box).ToHaveValueAsync(option);
    }

    /// <summary>A text box (or any input) by its label.</summary>
    public ILocator Field(string label) => Page.GetByLabel(label, new() { Exact = true });

    public ILocator Button(string name) => Page.GetByRole(AriaRole.Button, new() { Name = name, Exact = true });

    /// <summary>The message the form shows for a field: what a screen reader reads as the field's description.</summary>
    public Task ExpectFieldErrorAsync(string label, string message) =>
        Expect(Field(label)).ToHaveAccessibleDescriptionAsync(new System.Text.RegularExpressions.Regex(System.Text.RegularExpressions.Regex.Escape(message)));

    public Task ExpectNoFieldErrorAsync(string label) =>
        Expect(Field(label)).ToHaveAttributeAsync("aria-invalid", "false");

    /// <summary>The outcome message of a change (a snackbar), matched by its text.</summary>
    public ILocator Outcome(string text) => Page.GetByText(text, new() { Exact = false }).Locator("visible=true").First;

    /// <summary>The confirmation dialog a destructive change asks first.</summary>
    public ILocator Dialog => Page.GetByRole(AriaRole.Dialog);

    public async Task ConfirmAsync(string button) => await Dialog.GetByRole(AriaRole.Button, new() { Name = button, Exact = true }).ClickAsync();

    /// <summary>A grid by its accessible name; its rows are the body's rows.</summary>
    public ILocator Grid(string name) => Page.GetByRole(AriaRole.Table, new() { Name = name, Exact = true });

    public ILocator Rows(string grid) => Grid(grid).Locator("tbody").GetByRole(AriaRole.Row);
}
