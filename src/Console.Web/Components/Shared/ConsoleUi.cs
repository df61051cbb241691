using MudBlazor;
using MudBlazor.Services;

namespace AdminConsole.Web.Components.Shared;

/// <summary>How the console's component library is set up: outcomes shown as snackbars at the bottom left for six seconds.</summary>
public static class ConsoleUi
{
    public static void Configure(MudServicesConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var snackbars = configuration.SnackbarConfiguration;
        snackbars.PositionClass = Defaults.Classes.Position.BottomLeft;
        snackbars.NewestOnTop = true;
        snackbars.ShowCloseIcon = true;
        snackbars.VisibleStateDuration = 6_000;
        snackbars.SnackbarVariant = Variant.Filled;
        snackbars.MaximumOpacity = 100;
    }
}
