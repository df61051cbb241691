using AdminConsole.Web;

WebApplication app;
try
{
    app = ConsoleApp.Build(args);
}
catch (StartupConfigurationException e)
{
    // Settings for an operator to fix: said in plain words, all at once, without a stack trace.
    await Console.Error.WriteLineAsync(e.Message).ConfigureAwait(false);
    return 1;
}

await app.RunAsync().ConfigureAwait(false);
return 0;

/// <summary>Exposed for WebApplicationFactory in the tests.</summary>
public partial class Program;
