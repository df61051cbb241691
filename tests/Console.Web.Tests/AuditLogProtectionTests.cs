using AdminConsole.Domain.Persistence;
using AdminConsole.TestSupport;

namespace AdminConsole.Web.Tests;

/// <summary>Outside Development the console refuses to run in a way that would let its own credentials rewrite the audit log.</summary>
public sealed class AuditLogProtectionTests
{
    [Fact]
    public async Task Production_WithoutAChainKey_RefusesToStart_NamingTheSetting()
    {
        var settings = new Dictionary<string, string?>(ConsoleFactory.ProductionSettings) { ["Audit:ChainKey"] = null };
        await using var factory = await ConsoleFactory.StartAsync(environment: "Production", settings: settings);

        var error = Assert.Throws<InvalidOperationException>(() => factory.Server);

        Assert.Contains("Audit:ChainKey is missing", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Production_WithAShortChainKey_RefusesToStart_WithoutRepeatingIt()
    {
        const string shortKey = "c2hvcnQ=";
        var settings = new Dictionary<string, string?>(ConsoleFactory.ProductionSettings) { ["Audit:ChainKey"] = shortKey };
        await using var factory = await ConsoleFactory.StartAsync(environment: "Production", settings: settings);

        var error = Assert.Throws<InvalidOperationException>(() => factory.Server);

        Assert.Contains("Audit:ChainKey holds 5 bytes; it needs at least 32", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(shortKey, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Production_OnPostgres_AsTheOwnerOfTheAuditLog_RefusesToStart()
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Postgres);
        var settings = new Dictionary<string, string?>(ConsoleFactory.ProductionSettings) { ["Database:MigrationConnectionString"] = null };
        await using var factory = new ConsoleFactory(database, "Production", settings, ownsDatabase: false);

        var error = Assert.ThrowsAny<Exception>(() => factory.Server);

        Assert.Contains("could rewrite the audit log", error.ToString(), StringComparison.Ordinal);
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
