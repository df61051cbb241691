using AdminConsole.Domain.Model.Workspaces;
using AdminConsole.Domain.Persistence;
using AdminConsole.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace AdminConsole.Web.Tests;

public class DemoDataTests
{
    private static readonly Dictionary<string, string?> Enabled = new()
    {
        ["DemoData:Enabled"] = "true",
        ["DemoData:Workspaces"] = "300",
    };

    [Fact]
    public async Task DemoData_WhenEnabled_SeedsWorkspacesOnEveryPlanWithTeamsAndMembers()
    {
        await using var factory = await ConsoleFactory.StartAsync(settings: Enabled);
        _ = factory.Server;

        await using var db = await factory.Services.GetRequiredService<IDbContextFactory<ConsoleDbContext>>().CreateDbContextAsync();
        Assert.Equal(300, await db.Workspaces.CountAsync());
        var plans = await db.Workspaces.Select(w => w.Plan).Distinct().ToListAsync();
        Assert.Equal(Enum.GetValues<Plan>().Order(), plans.Order());
        Assert.True(await db.Members.CountAsync() > 300);
        Assert.True(await db.Teams.CountAsync() >= 300);

        // The demo prompts hold sensitive test values; they are kept redacted, as reported content is.
        Assert.True(await db.DlpAlerts.AnyAsync());
        var dump = await DatabaseDump.ReadAsync(factory.Database);
        foreach (var value in new[] { "4111 1111 1111 1111", "AKIAIOSFODNN7EXAMPLE", "DE89 3704 0044 0532 0130 00", "123-45-6789", "anna.larsen@example.com", "+44 20 7946 0958" })
            Assert.DoesNotContain(value, dump, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DemoData_InProduction_IsNeverSeededEvenWhenEnabled()
    {
        var settings = new Dictionary<string, string?>(ConsoleFactory.ProductionSettings);
        foreach (var (key, value) in Enabled)
            settings[key] = value;
        await using var factory = await ConsoleFactory.StartAsync(environment: "Production", settings: settings);
        _ = factory.Server;

        await using var db = await factory.Services.GetRequiredService<IDbContextFactory<ConsoleDbContext>>().CreateDbContextAsync();
        Assert.Equal(0, await db.Workspaces.CountAsync());
    }

    [Fact]
    public async Task DemoData_OnADatabaseWithWorkspaces_AddsNothing()
    {
        await using var factory = await ConsoleFactory.StartAsync();
        _ = factory.Server;
        await ShellTests.AddWorkspaceAsync(factory, "Existing", Plan.Free);
        await using var second = new ConsoleFactory(factory.Database, settings: Enabled, ownsDatabase: false);
        _ = second.Server;

        await using var db = await second.Services.GetRequiredService<IDbContextFactory<ConsoleDbContext>>().CreateDbContextAsync();
        Assert.Equal("Existing", Assert.Single(await db.Workspaces.ToListAsync()).Name);
    }
}
