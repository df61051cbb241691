namespace AdminConsole.Web.Components.Ui;

/// <summary>A column of a <see cref="ConsoleGrid{TItem}"/>: its heading, the key it sorts by (none: not sortable), and whether it holds numbers.</summary>
public sealed record GridColumn(string Title, string? SortKey = null, bool Numeric = false, bool HiddenTitle = false);

/// <summary>What a grid asks its page for: one page of rows, sorted.</summary>
public sealed record GridRequest(int Skip, int Take, string? SortKey, bool Descending);

/// <summary>One page of rows and the number of rows in all pages.</summary>
public sealed record GridPage<TItem>(IReadOnlyList<TItem> Items, int Total);

/// <summary>One line of a <see cref="TrendChart"/>: its title in the legend, and its figure per day (a day without one is a gap).</summary>
public sealed record TrendLine(string Title, IReadOnlyDictionary<DateOnly, int> Points);

/// <summary>A workspace chosen in a <see cref="WorkspacePicker"/>, or all of them (no id).</summary>
public sealed record WorkspaceChoice(Guid? Id, string Name)
{
    public static readonly WorkspaceChoice All = new(null, "All workspaces");
}
