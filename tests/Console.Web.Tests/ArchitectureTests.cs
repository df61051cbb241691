using System.Reflection;
using AdminConsole.Domain.Persistence;
using Microsoft.AspNetCore.Components;
using Microsoft.EntityFrameworkCore;

namespace AdminConsole.Web.Tests;

/// <summary>
/// A page is markup plus calls into use cases: no component under Components/ reaches the database itself (no EF Core, no
/// DbContext, no context factory), so what a page may read and change is decided in one place, the use cases.
/// </summary>
public sealed class ArchitectureTests
{
    private static readonly string Components = Path.Combine(AdminConsole.TestSupport.ConsoleServer.RepositoryRoot, "src", "Console.Web", "Components");

    [Fact]
    public void NoComponentSource_ReferencesEfCoreOrADbContext()
    {
        var offenders = Directory.EnumerateFiles(Components, "*.*", SearchOption.AllDirectories)
            .Where(f => f.EndsWith(".razor", StringComparison.Ordinal) || f.EndsWith(".cs", StringComparison.Ordinal))
            .Where(f => File.ReadAllText(f) is var text && (text.Contains("Microsoft.EntityFrameworkCore", StringComparison.Ordinal) || text.Contains("DbContext", StringComparison.Ordinal)))
            .Select(f => Path.GetRelativePath(Components, f).Replace('\\', '/'))
            .ToHashSet(StringComparer.Ordinal);

        Assert.Empty(offenders);
    }

    [Fact]
    public void NoComponentType_HoldsADbContextOrItsFactory()
    {
        var components = typeof(AdminConsole.Web.Components.App).Assembly.GetTypes()
            .Where(t => typeof(ComponentBase).IsAssignableFrom(t) && t.Namespace?.StartsWith("AdminConsole.Web.Components", StringComparison.Ordinal) == true);
        var holding = components
            .Where(t => t.GetFields(BindingFlags.Instance | BindingFlags.NonPublic | BindingFlags.Public).Select(f => f.FieldType)
                .Concat(t.GetProperties(BindingFlags.Instance | BindingFlags.NonPublic | BindingFlags.Public).Select(p => p.PropertyType))
                .Any(IsDatabase))
            .Select(t => t.Name)
            .ToHashSet(StringComparer.Ordinal);
        Assert.Empty(holding);
    }

    private static bool IsDatabase(Type type) =>
        typeof(DbContext).IsAssignableFrom(type)
        || (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(IDbContextFactory<>))
        || type == typeof(ConsoleDbContext);
}
