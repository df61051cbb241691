namespace AdminConsole.Web;

/// <summary>Settings the console cannot start with, every one of them, each said in plain words.</summary>
public sealed class StartupConfigurationException : Exception
{
    public StartupConfigurationException()
        : this([])
    {
    }

    public StartupConfigurationException(string message)
        : this([message])
    {
    }

    public StartupConfigurationException(string message, Exception innerException)
        : base(message, innerException)
    {
        Problems = [message];
    }

    public StartupConfigurationException(IReadOnlyList<string> problems)
        : base(Describe(problems))
    {
        Problems = problems;
    }

    public IReadOnlyList<string> Problems { get; }

    private static string Describe(IReadOnlyList<string> problems) =>
        $"The console cannot start: {problems.Count} setting{(problems.Count == 1 ? " needs" : "s need")} attention (README, Configuration).{Environment.NewLine}" +
        string.Join(Environment.NewLine, problems.Select(p => "  - " + p));
}
