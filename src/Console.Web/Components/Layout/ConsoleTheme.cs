using MudBlazor;

namespace AdminConsole.Web.Components.Layout;

/// <summary>
/// The console's light and dark palettes. Colours are chosen for WCAG AA contrast (4.5:1 for text on the surfaces they
/// are used on), and the type is the system's own font stack: the console loads no web fonts.
/// </summary>
public static class ConsoleTheme
{
    private static readonly string[] FontStack = ["system-ui", "-apple-system", "Segoe UI", "Roboto", "Helvetica Neue", "Arial", "sans-serif"];

    public static MudTheme Theme { get; } = new()
    {
        PaletteLight = new PaletteLight
        {
            Primary = "#3f51b5",
            Secondary = "#8e24aa",
            Tertiary = "#00796b",
            Info = "#0b5394",
            Success = "#1b5e20",
            Warning = "#8a4b00",
            Error = "#b71c1c",
            AppbarBackground = "#283593",
            AppbarText = "#ffffff",
            Background = "#f6f7fb",
            Surface = "#ffffff",
            DrawerBackground = "#ffffff",
            DrawerText = "#1f2937",
            DrawerIcon = "#3f51b5",
            TextPrimary = "#1f2937",
            TextSecondary = "#4b5563",
            ActionDefault = "#4b5563",
            TableHover = "#eef0fa",
        },
        PaletteDark = new PaletteDark
        {
            Primary = "#9fa8ff",
            PrimaryContrastText = "#10142e",
            Secondary = "#e1a3f0",
            Tertiary = "#5fd3c3",
            Info = "#7cb8ff",
            InfoContrastText = "#0a1f36",
            Success = "#7fd488",
            SuccessContrastText = "#0b2a10",
            Warning = "#ffc266",
            WarningContrastText = "#2e1b00",
            Error = "#ff8a80",
            ErrorContrastText = "#2e0a08",
            AppbarBackground = "#1b1f3a",
            AppbarText = "#f3f4f6",
            Background = "#121420",
            Surface = "#1c1f2e",
            DrawerBackground = "#181b29",
            DrawerText = "#e5e7eb",
            DrawerIcon = "#9fa8ff",
            TextPrimary = "#e5e7eb",
            TextSecondary = "#b8bfcc",
            ActionDefault = "#c7ccd6",
            LinesDefault = "#3a3f55",
            TableLines = "#3a3f55",
            TableHover = "#262a3d",
        },
        Typography = new Typography
        {
            Default = new DefaultTypography { FontFamily = FontStack },
            H1 = new H1Typography { FontFamily = FontStack, FontSize = "1.75rem", FontWeight = "500", LineHeight = "1.3" },
            H2 = new H2Typography { FontFamily = FontStack, FontSize = "1.25rem", FontWeight = "500", LineHeight = "1.35" },
            H3 = new H3Typography { FontFamily = FontStack, FontSize = "1.05rem", FontWeight = "600", LineHeight = "1.4" },
        },
        LayoutProperties = new LayoutProperties { DrawerWidthLeft = "250px", AppbarHeight = "56px" },
    };
}
