using AdminConsole.Domain.Model.Workspaces;
using AdminConsole.Domain.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace AdminConsole.Web.Infrastructure;

/// <summary>
/// Fills an empty database with workspaces on every plan, their teams and members. Runs only when enabled,
/// only on an empty database, and never in Production, whatever the configuration says.
/// </summary>
public sealed partial class DemoDataSeeder(
    IDbContextFactory<ConsoleDbContext> dbFactory,
    IOptions<DemoDataOptions> options,
    IHostEnvironment environment,
    TimeProvider clock,
    ILogger<DemoDataSeeder> logger)
{
    private const int BatchSize = 200;

    private static readonly string[] Companies =
    [
        "Acme", "Globex", "Initech", "Umbrella", "Hooli", "Vandelay", "Stark", "Wayne", "Tyrell", "Cyberdyne",
        "Soylent", "Wonka", "Aperture", "Black Mesa", "Oscorp", "Gringotts", "Monarch", "Massive Dynamic", "Pied Piper", "Dunder Mifflin",
        "Nakatomi", "Oceanic", "Prestige", "Sirius", "Virtucon", "Wernham Hogg", "Zorg", "Blue Sun", "Buy n Large", "Cogswell",
        "Delos", "Ellingson", "Gekko", "Hanso", "InGen", "Kruger", "Lacuna", "Mooby", "Northwind", "Contoso",
    ];

    private static readonly string[] Departments =
    [
        "Engineering", "Legal", "Marketing", "Research", "Sales", "Support", "Finance", "Design", "People", "Operations",
        "Data Science", "Security", "Product", "Platform", "Growth", "Customer Success", "Procurement", "Compliance", "Analytics", "Editorial",
    ];

    private static readonly string[] TeamNames =
    [
        "Engineering", "Design", "Sales", "Support", "Legal", "Finance", "Marketing", "Research", "Data", "Security", "Leadership", "Contractors",
    ];

    private static readonly string[] FirstNames =
    [
        "Ada", "Grace", "Alan", "Linus", "Margaret", "Ken", "Barbara", "Dennis", "Frances", "Edsger", "Radia", "Tim", "Hedy", "John",
        "Katherine", "Donald", "Sophie", "Guido", "Anita", "Bjarne", "Lena", "Mateo", "Priya", "Chen", "Amara", "Yusuf", "Ingrid", "Kofi",
    ];

    private static readonly string[] LastNames =
    [
        "Lovelace", "Hopper", "Turing", "Torvalds", "Hamilton", "Thompson", "Liskov", "Ritchie", "Allen", "Dijkstra", "Perlman", "Berners-Lee",
        "Lamarr", "Backus", "Johnson", "Knuth", "Wilson", "van Rossum", "Borg", "Stroustrup", "Okafor", "Garcia", "Sharma", "Wei", "Nwosu",
        "Demir", "Larsen", "Mensah",
    ];

    public async Task SeedIfEnabledAsync(CancellationToken cancellationToken = default)
    {
        var settings = options.Value;
        if (!settings.Enabled)
            return;
        if (environment.IsProduction())
        {
            LogRefusedInProduction(logger);
            return;
        }

        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false))
        {
            if (await db.Workspaces.AnyAsync(cancellationToken).ConfigureAwait(false))
                return;
        }

        var random = new Random(settings.RandomSeed);
        var now = clock.GetUtcNow();
        var seeded = 0;
        while (seeded < settings.Workspaces)
        {
            var count = Math.Min(BatchSize, settings.Workspaces - seeded);
            await using var db = await dbFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
            for (var i = 0; i < count; i++)
                db.Workspaces.Add(CreateWorkspace(seeded + i, random, now));
            await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
            seeded += count;
        }

        // The development persona "Wanda Workspace" administers a few workspaces, to show workspace scoping.
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false))
        {
            var first = await db.Workspaces.Include(w => w.Administrators).OrderBy(w => w.Name).Take(3).ToListAsync(cancellationToken).ConfigureAwait(false);
            foreach (var workspace in first)
                workspace.AssignAdministrator(Auth.DevelopmentPersonas.All.Single(p => p.Key == "workspace-admin").ObjectId, now);
            await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        }

        LogSeeded(logger, seeded);
    }

    private static Workspace CreateWorkspace(int index, Random random, DateTimeOffset now)
    {
        var company = Companies[index % Companies.Length];
        var department = Departments[index / Companies.Length % Departments.Length];
        var round = index / (Companies.Length * Departments.Length);
        var name = round == 0 ? $"{company} {department}" : $"{company} {department} {round + 1}";

        var roll = random.Next(100);
        var plan = roll switch
        {
            < 40 => Plan.Free,
            < 65 => Plan.Plus,
            < 85 => Plan.Business,
            _ => Plan.Enterprise,
        };
        var region = random.Next(100) < 65 ? DataRegion.US : DataRegion.EU;
        var created = now.AddDays(-random.Next(1, 730)).AddMinutes(-random.Next(0, 1440));
        var workspace = Workspace.Create(name, plan, region, created);

        var teams = Enumerable.Range(0, random.Next(1, 5))
            .Select(_ => TeamNames[random.Next(TeamNames.Length)])
            .Distinct(StringComparer.Ordinal)
            .Select(team => workspace.AddTeam(team, created))
            .ToList();

        var domain = company.Replace(" ", string.Empty, StringComparison.Ordinal).ToLowerInvariant();
        var memberCount = plan switch
        {
            Plan.Free => random.Next(1, 5),
            Plan.Plus => random.Next(3, 9),
            Plan.Business => random.Next(6, 16),
            _ => random.Next(10, 25),
        };
        for (var m = 0; m < memberCount; m++)
        {
            var first = FirstNames[random.Next(FirstNames.Length)];
            var last = LastNames[random.Next(LastNames.Length)];
            var local = $"{first}.{last}{m}".Replace(" ", string.Empty, StringComparison.Ordinal).ToLowerInvariant();
            var joined = created.AddDays(random.Next(0, Math.Max(1, (int)(now - created).TotalDays)));
            var member = workspace.AddMember(NextGuid(random), $"{first} {last}", $"{local}@{domain}.example", joined);
            if (teams.Count > 0)
                workspace.AssignToTeam(member.Id, teams[random.Next(teams.Count)].Id, joined);
        }

        return workspace;
    }

    private static Guid NextGuid(Random random)
    {
        Span<byte> bytes = stackalloc byte[16];
        random.NextBytes(bytes);
        return new Guid(bytes);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "DemoData:Enabled is set in Production; no demo data was seeded")]
    private static partial void LogRefusedInProduction(ILogger logger);

    [LoggerMessage(Level = LogLevel.Information, Message = "Seeded {Count} demo workspaces")]
    private static partial void LogSeeded(ILogger logger, int count);
}
