using AdminConsole.Domain.Access;
using Microsoft.AspNetCore.Components.Forms;

namespace AdminConsole.Web.Components.Ui;

/// <summary>
/// A form's answer to a refused change: the message goes next to the field the domain names (its property on the form's
/// model), or, when the form has no such field, to the form's alert. Editing a field clears its message.
/// </summary>
public sealed class FormFeedback
{
    private readonly ValidationMessageStore _store;

    /// <summary>Per field with a refusal, the value the refusal was about.</summary>
    private readonly Dictionary<string, object?> _refusedValues = new(StringComparer.Ordinal);

    public FormFeedback(object model)
    {
        EditContext = new EditContext(model);
        _store = new ValidationMessageStore(EditContext);
        EditContext.OnFieldChanged += (_, e) =>
        {
            Alert = null;

            // A refusal of the value the field holds now stays: a filter that runs as its field changes is told before
            // the input reports the change. Any other value makes the message stale.
            if (_refusedValues.TryGetValue(e.FieldIdentifier.FieldName, out var refused) && Equals(refused, ValueOf(e.FieldIdentifier.FieldName)))
                return;
            _refusedValues.Remove(e.FieldIdentifier.FieldName);
            _store.Clear(e.FieldIdentifier);

            // Inputs that show their own message (MudBlazor's, bound with For) read it again only when told.
            EditContext.NotifyValidationStateChanged();
        };
    }

    public EditContext EditContext { get; }

    /// <summary>A refusal about the whole change, shown above the form's button.</summary>
    public string? Alert { get; private set; }

    public void Clear()
    {
        _store.Clear();
        _refusedValues.Clear();
        Alert = null;
        EditContext.NotifyValidationStateChanged();
    }

    /// <summary>Shows a refusal; true when it went next to a field (so no other message is needed).</summary>
    public bool Show(Outcome outcome)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        if (outcome.Succeeded)
            return false;
        if (outcome.Field is { } field && EditContext.Model.GetType().GetProperty(field) is not null)
        {
            _store.Add(EditContext.Field(field), outcome.Message ?? "Not accepted.");
            _refusedValues[field] = ValueOf(field);
            EditContext.NotifyValidationStateChanged();
            return true;
        }

        Alert = outcome.Message;
        return false;
    }

    private object? ValueOf(string field) => EditContext.Model.GetType().GetProperty(field)?.GetValue(EditContext.Model);
}
