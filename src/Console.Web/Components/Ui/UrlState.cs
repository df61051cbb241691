using Microsoft.AspNetCore.Components;

namespace AdminConsole.Web.Components.Ui;

/// <summary>A page's filters in its address, so a view can be shared and survives a reload (the grid keeps page, size and sort).</summary>
public static class UrlState
{
    /// <summary>The enum value a query parameter names, or null when it names none (a bad or old address shows everything).</summary>
    public static TEnum? Enum<TEnum>(string? value)
        where TEnum : struct, Enum =>
        System.Enum.TryParse<TEnum>(value, ignoreCase: true, out var parsed) && System.Enum.IsDefined(parsed) ? parsed : null;

    /// <summary>Writes the filters into the address (replacing the history entry) and drops the page number: new filters start at page one.</summary>
    public static void Keep(NavigationManager navigation, IReadOnlyDictionary<string, object?> filters)
    {
        ArgumentNullException.ThrowIfNull(navigation);
        ArgumentNullException.ThrowIfNull(filters);
        var parameters = new Dictionary<string, object?>(filters) { ["page"] = null };
        var uri = navigation.GetUriWithQueryParameters(parameters);
        if (uri != navigation.Uri)
            navigation.NavigateTo(uri, replace: true);
    }
}
