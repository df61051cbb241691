using AdminConsole.Web;

var app = ConsoleApp.Build(args);
await app.RunAsync().ConfigureAwait(false);

/// <summary>Exposed for WebApplicationFactory in the tests.</summary>
public partial class Program;
