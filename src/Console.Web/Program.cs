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

try
{
    await app.RunAsync().ConfigureAwait(false);
}
catch (StartupConfigurationException e)
{
    // Found only once the database answers (the role the console runs as): said the same way.
    await Console.Error.WriteLineAsync(e.Message).ConfigureAwait(false);
    return 1;
}

return 0;

/// <summary>Exposed for WebApplicationFactory in the tests.</summary>
public partial class Program;
