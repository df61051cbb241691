namespace AdminConsole.Web.Components.Shared;

/// <summary>A choice for a drop-down bound to an enum.</summary>
public sealed record EnumOption<TEnum>(TEnum Value, string Text)
    where TEnum : struct, Enum;

public static class EnumOptions
{
    /// <summary>Every defined value in declaration order, with "PascalCase" names shown as words.</summary>
    public static IReadOnlyList<EnumOption<TEnum>> For<TEnum>()
        where TEnum : struct, Enum =>
        Enum.GetValues<TEnum>().Select(v => new EnumOption<TEnum>(v, Humanize(v.ToString()))).ToList();

    private static string Humanize(string name) =>
        string.Concat(name.Select((c, i) => i > 0 && char.IsUpper(c) && char.IsLower(name[i - 1]) ? " " + char.ToLowerInvariant(c) : c.ToString()));
}
