using AdminConsole.Domain.Persistence;
using AdminConsole.TestSupport;

namespace AdminConsole.Web.Tests;

/// <summary>Outside Development the console refuses to run in a way that would let its own credentials rewrite the audit log.</summary>
public sealed class AuditLogProtectionTests
{
    [Fact]
    public void Production_WithoutAChainKey_RefusesToStart_NamingTheSetting()
    {
        var settings = new Dictionary<string, string?>(ConsoleFactory.ProductionSettings) { ["Audit:ChainKey"] = null };

        var error = StartupSettingsTests.RefusedStart("Production", settings);

        Assert.StartsWith("Audit:ChainKey is missing", Assert.Single(error.Problems), StringComparison.Ordinal);
    }

    [Fact]
    public void Production_WithAShortChainKey_RefusesToStart_WithoutRepeatingIt()
    {
        const string shortKey = "c2hvcnQ=";
        var settings = new Dictionary<string, string?>(ConsoleFactory.ProductionSettings) { ["Audit:ChainKey"] = shortKey };

        var error = StartupSettingsTests.RefusedStart("Production", settings);

        Assert.StartsWith("Audit:ChainKey holds 5 bytes; it needs at least 32", Assert.Single(error.Problems), StringComparison.Ordinal);
        Assert.DoesNotContain(shortKey, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Production_OnPostgres_AsTheOwnerOfTheAuditLog_RefusesToStart_WithoutAStackTrace()
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Postgres);
        var environment = ConsoleFactory.ProductionSettings.Where(s => s.Value is not null).ToDictionary(s => s.Key.Replace(":", "__", StringComparison.Ordinal), s => s.Value!);
        environment["Database__Provider"] = "Postgres";
        environment["Database__ConnectionString"] = database.ConnectionString;

        var (exitCode, stdout, stderr) = await StartupSettingsTests.RunConsoleAsync(environment);

        Assert.Equal(1, exitCode);
        Assert.Contains("could rewrite the audit log", stderr, StringComparison.Ordinal);
        Assert.Contains("Database:MigrationConnectionString", stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", stderr + stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Production_OnPostgres_WithTheConsolesOwnRole_Starts()
    {
        await using var factory = await ConsoleFactory.StartAsync(DatabaseProvider.Postgres, "Production", ConsoleFactory.ProductionSettings);
        using var client = factory.CreateHttpsClient();

        using var health = await client.GetAsync(new Uri("/health", UriKind.Relative));

        Assert.Equal(System.Net.HttpStatusCode.OK, health.StatusCode);
    }
}
