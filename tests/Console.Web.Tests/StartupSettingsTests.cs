using System.Diagnostics;
using AdminConsole.TestSupport;

namespace AdminConsole.Web.Tests;

/// <summary>Settings checked when the console starts: every problem reported at once, in plain words.</summary>
public class StartupSettingsTests
{
    [Fact]
    public void Production_WithNothingConfigured_NamesEveryMissingSettingAtOnce()
    {
        var error = RefusedStart("Production", new Dictionary<string, string?>());

        Assert.Collection(
            error.Problems,
            p => Assert.StartsWith("Entra ID sign-in is not configured for the Production environment", p, StringComparison.Ordinal),
            p => Assert.StartsWith("Mail is not configured: set Mail:Host", p, StringComparison.Ordinal),
            p => Assert.StartsWith("Mail:PublicUrl must be", p, StringComparison.Ordinal),
            p => Assert.StartsWith("Audit:ChainKey is missing", p, StringComparison.Ordinal));
    }

    [Fact]
    public void Production_WithSeveralBadSettings_NamesEachOfThem()
    {
        var settings = new Dictionary<string, string?>(ConsoleFactory.ProductionSettings)
        {
            ["AzureAd:Instance"] = "http://login.example.com/",
            ["Mail:PublicUrl"] = "http://console.example.com/",
            ["Reminders:Recipients:0"] = "compliance team",
            ["Reports:Signing:CertificatePath"] = Path.Combine(Path.GetTempPath(), $"missing-{Guid.NewGuid():N}.pfx"),
        };

        var error = RefusedStart("Production", settings);

        Assert.Equal(4, error.Problems.Count);
        Assert.Contains(error.Problems, p => p.StartsWith("Reminders:Recipients must be mail addresses", StringComparison.Ordinal));
        Assert.Contains(error.Problems, p => p.StartsWith("AzureAd:Instance must be an https address", StringComparison.Ordinal));
        Assert.Contains(error.Problems, p => p.StartsWith("Mail:PublicUrl must be an https address", StringComparison.Ordinal));
        Assert.Contains(error.Problems, p => p.Contains("(Reports:Signing:CertificatePath) does not exist", StringComparison.Ordinal));
    }

    [Fact]
    public void Production_WithAnHttpEntraAuthority_RefusesToStart()
    {
        var settings = new Dictionary<string, string?>(ConsoleFactory.ProductionSettings) { ["AzureAd:Instance"] = "http://login.microsoftonline.com/" };

        var error = RefusedStart("Production", settings);

        Assert.Equal(
            "AzureAd:Instance must be an https address (https://login.microsoftonline.com/): sign-in metadata and tokens are fetched from it. " +
            "It is 'http://login.microsoftonline.com/'; plain http is accepted in the Development and Testing environments only, with AzureAd:RequireHttpsMetadata=false.",
            Assert.Single(error.Problems));
    }

    [Fact]
    public void Production_WithHttpsMetadataNotRequired_RefusesToStart()
    {
        var settings = new Dictionary<string, string?>(ConsoleFactory.ProductionSettings) { ["AzureAd:RequireHttpsMetadata"] = "false" };

        var error = RefusedStart("Production", settings);

        Assert.Equal(
            "AzureAd:RequireHttpsMetadata=false is accepted in the Development and Testing environments only (for a local test provider); remove it.",
            Assert.Single(error.Problems));
    }

    [Fact]
    public void Development_WithAnHttpAuthority_ButHttpsMetadataRequired_RefusesToStart_ForNoSignInCouldWork()
    {
        var settings = new Dictionary<string, string?>(ConsoleFactory.ProductionSettings) { ["AzureAd:Instance"] = "http://127.0.0.1:8080/" };

        var error = RefusedStart("Development", settings);

        Assert.StartsWith("AzureAd:Instance 'http://127.0.0.1:8080/' is plain http while AzureAd:RequireHttpsMetadata is true", Assert.Single(error.Problems), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Development")]
    [InlineData("Testing")]
    public async Task ALocalTestProvider_OverHttp_IsAcceptedInDevelopmentAndTesting(string environment)
    {
        var settings = new Dictionary<string, string?>(ConsoleFactory.ProductionSettings)
        {
            ["AzureAd:Instance"] = "http://127.0.0.1:8080/",
            ["AzureAd:RequireHttpsMetadata"] = "false",
            ["Mail:PublicUrl"] = "http://localhost:5080/",
        };

        await using var app = ConsoleApp.Build(Args(environment, settings));

        Assert.Equal(environment, app.Environment.EnvironmentName);
    }

    [Fact]
    public void Production_WithAnHttpPublicUrl_RefusesToStart_OneClickUnsubscribeNeedsHttps()
    {
        var settings = new Dictionary<string, string?>(ConsoleFactory.ProductionSettings) { ["Mail:PublicUrl"] = "http://console.example.com/" };

        var error = RefusedStart("Production", settings);

        Assert.Equal(
            "Mail:PublicUrl must be an https address: links in mails point there, and mail clients unsubscribe in one click (RFC 8058) only over https. " +
            "It is 'http://console.example.com/'; plain http is accepted in the Development and Testing environments only.",
            Assert.Single(error.Problems));
    }

    [Fact]
    public async Task Production_StartedWithSettingsMissing_ExitsWithCode1_AndSaysWhatIsMissing_WithoutAStackTrace()
    {
        var (exitCode, stdout, stderr) = await RunConsoleAsync(new Dictionary<string, string>());

        Assert.Equal(1, exitCode);
        Assert.Contains("The console cannot start: 4 settings need attention", stderr, StringComparison.Ordinal);
        Assert.Contains("Entra ID sign-in is not configured", stderr, StringComparison.Ordinal);
        Assert.Contains("Mail is not configured: set Mail:Host", stderr, StringComparison.Ordinal);
        Assert.Contains("Mail:PublicUrl must be", stderr, StringComparison.Ordinal);
        Assert.Contains("Audit:ChainKey is missing", stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", stderr + stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", stderr + stdout, StringComparison.Ordinal);
    }

    /// <summary>The built console as its own process in Production, with these environment variables; its exit code and output.</summary>
    internal static async Task<(int ExitCode, string Stdout, string Stderr)> RunConsoleAsync(IDictionary<string, string> environment)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = Path.Combine(ConsoleServer.RepositoryRoot, "src", "Console.Web"),
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(typeof(ConsoleApp).Assembly.Location);
        foreach (var inherited in start.Environment.Keys.Where(k => k.StartsWith("AzureAd", StringComparison.OrdinalIgnoreCase) || k.StartsWith("Mail", StringComparison.OrdinalIgnoreCase)).ToList())
            start.Environment.Remove(inherited);
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["Serilog__WriteTo__1__Args__path"] = Path.Combine(Path.GetTempPath(), $"adminconsole-startup-{Guid.NewGuid():N}-.log");
        foreach (var (key, value) in environment)
            start.Environment[key] = value;

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await output, await errors);
    }

    internal static StartupConfigurationException RefusedStart(string environment, IDictionary<string, string?> settings) =>
        Assert.Throws<StartupConfigurationException>(() => ConsoleApp.Build(Args(environment, settings)));

    private static string[] Args(string environment, IDictionary<string, string?> settings) =>
    [
        $"--environment={environment}",
        "--applicationName=Console.Web",
        $"--contentRoot={Path.Combine(ConsoleServer.RepositoryRoot, "src", "Console.Web")}",
        "--DemoData:Enabled=false",
        $"--Serilog:WriteTo:1:Args:path={Path.Combine(Path.GetTempPath(), "adminconsole-startup-tests-.log")}",
        .. settings.Where(s => s.Value is not null).Select(s => $"--{s.Key}={s.Value}"),
    ];
}
