namespace AdminConsole.Web.Infrastructure;

/// <summary>The <c>DemoData</c> section: seeds an empty database so the embedded default looks like a real installation.</summary>
public sealed class DemoDataOptions
{
    public const string SectionName = "DemoData";

    public bool Enabled { get; set; }

    public int Workspaces { get; set; } = 2400;

    /// <summary>Fixed so every demo installation shows the same data.</summary>
    public int RandomSeed { get; set; } = 20261122;
}
