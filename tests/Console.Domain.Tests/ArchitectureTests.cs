using System.Reflection;
using AdminConsole.Domain.Model.Workspaces;

namespace AdminConsole.Domain.Tests;

public class ArchitectureTests
{
    private static readonly string[] ForbiddenNamespaces = ["Microsoft.EntityFrameworkCore", "Microsoft.AspNetCore", "Hangfire", "Npgsql", "Microsoft.Data.Sqlite"];

    [Fact]
    public void ModelNamespace_UsesNoPersistenceWebOrSchedulerTypes()
    {
        var modelTypes = typeof(Workspace).Assembly.GetTypes()
            .Where(t => t.Namespace?.StartsWith("AdminConsole.Domain.Model", StringComparison.Ordinal) == true)
            .ToList();
        Assert.NotEmpty(modelTypes);

        var offenders = modelTypes
            .SelectMany(t => ReferencedTypes(t).Select(r => (Type: t, Reference: r)))
            .Where(x => x.Reference.Namespace is { } ns && ForbiddenNamespaces.Any(f => ns.StartsWith(f, StringComparison.Ordinal)))
            .Select(x => $"{x.Type.FullName} -> {x.Reference.FullName}")
            .Distinct()
            .ToList();

        Assert.Empty(offenders);
    }

    private static IEnumerable<Type> ReferencedTypes(Type type)
    {
        const BindingFlags all = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;
        if (type.BaseType is not null)
            yield return type.BaseType;
        foreach (var i in type.GetInterfaces())
            yield return i;
        foreach (var a in type.GetCustomAttributesData())
            yield return a.AttributeType;
        foreach (var f in type.GetFields(all))
            yield return f.FieldType;
        foreach (var p in type.GetProperties(all))
        {
            yield return p.PropertyType;
            foreach (var a in p.GetCustomAttributesData())
                yield return a.AttributeType;
        }

        foreach (var m in type.GetMethods(all).Cast<MethodBase>().Concat(type.GetConstructors(all)))
        {
            if (m is MethodInfo mi)
                yield return mi.ReturnType;
            foreach (var p in m.GetParameters())
                yield return p.ParameterType;
            foreach (var local in m.GetMethodBody()?.LocalVariables ?? [])
                yield return local.LocalType;
        }
    }
}
