using System.Reflection;
using AdminConsole.Domain.Model;

namespace AdminConsole.Domain.Tests;

/// <summary>Every value the model can hold has one display name, distinct within its type, for the pages and the PDF alike.</summary>
public class DisplayNamesTests
{
    private static readonly MethodInfo[] Labels = [.. typeof(DisplayNames).GetMethods(BindingFlags.Public | BindingFlags.Static).Where(m => m.Name == nameof(DisplayNames.Label))];

    [Fact]
    public void EveryEnumOfTheModel_HasADisplayNameForEachValue_DistinctWithinItsType()
    {
        var enums = typeof(DisplayNames).Assembly.GetTypes()
            .Where(t => t.IsEnum && t.IsPublic && t.Namespace?.StartsWith("AdminConsole.Domain.Model", StringComparison.Ordinal) == true)
            .ToList();
        Assert.NotEmpty(enums);

        foreach (var type in enums)
        {
            var label = Labels.SingleOrDefault(m => m.GetParameters()[0].ParameterType == type);
            Assert.True(label is not null, $"{type.Name} has no display names: add them to DisplayNames.");
            var names = Enum.GetValues(type).Cast<object>().Select(v => (string)label!.Invoke(null, [v])!).ToList();
            Assert.All(names, n => Assert.False(string.IsNullOrWhiteSpace(n)));
            Assert.Equal(names.Count, names.Distinct(StringComparer.OrdinalIgnoreCase).Count());
        }
    }
}
