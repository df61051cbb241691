using AdminConsole.Domain.Model.Common;
using Microsoft.AspNetCore.Components.Forms;

namespace AdminConsole.Web.Components.Shared;

public static class FormErrors
{
    /// <summary>
    /// Puts a refused change's message next to the field it names; returns it as a form-level message when
    /// the form has no such field.
    /// </summary>
    public static string? Show(EditContext editContext, ValidationMessageStore store, DomainRuleException error)
    {
        ArgumentNullException.ThrowIfNull(editContext);
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(error);
        var model = editContext.Model;
        if (!string.IsNullOrEmpty(error.Field) && model.GetType().GetProperty(error.Field) is not null)
        {
            store.Add(editContext.Field(error.Field), error.Message);
            editContext.NotifyValidationStateChanged();
            return null;
        }

        return error.Message;
    }
}
