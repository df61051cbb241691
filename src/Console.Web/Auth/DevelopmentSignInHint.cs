using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace AdminConsole.Web.Auth;

/// <summary>
/// With the development sign-in on, says at start where to sign in and as whom: a newcomer who ran the console sees
/// the way in, not only the address it listens on.
/// </summary>
public static partial class DevelopmentSignInHint
{
    public static void SayOnStart(WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.Lifetime.ApplicationStarted.Register(() =>
        {
            var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
            var address = addresses.FirstOrDefault(a => a.StartsWith("https:", StringComparison.OrdinalIgnoreCase)) ?? addresses.FirstOrDefault();
            if (address is null)
                return;
            var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("AdminConsole.Web.DevelopmentSignIn");
            if (!logger.IsEnabled(LogLevel.Information))
                return;
            var personas = string.Join(", ", DevelopmentPersonas.All.Select(p => $"{p.Key} ({p.Role ?? "no console role"})"));
            var url = address.TrimEnd('/') + AccountEndpoints.DevSignInPath;
            Say(logger, url, personas);
        });
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Development sign-in: open {Url} and choose a persona: {Personas}")]
    private static partial void Say(ILogger logger, string url, string personas);
}
