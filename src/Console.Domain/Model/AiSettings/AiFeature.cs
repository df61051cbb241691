using AdminConsole.Domain.Model.Common;

namespace AdminConsole.Domain.Model.AiSettings;

/// <summary>An AI feature a workspace admin switches on or off.</summary>
public enum AiFeature
{
    WorkspaceSearch = 0,
    WebSearch = 1,
    ConnectedApps = 2,

    /// <summary>Queries a connected integration (a warehouse, say); also needs the user's permission on that integration.</summary>
    RunSql = 3,
}

public static class AiFeatures
{
    public static IReadOnlyList<AiFeature> All { get; } = Enum.GetValues<AiFeature>();

    /// <summary>A feature by its name as the API and the UI spell it (<c>RunSql</c>, <c>runSql</c>, <c>run-sql</c>).</summary>
    public static AiFeature Parse(string? name, string field)
    {
        var normalized = name?.Trim().Replace("-", string.Empty, StringComparison.Ordinal).Replace("_", string.Empty, StringComparison.Ordinal);
        if (!string.IsNullOrEmpty(normalized)
            && !normalized.All(char.IsAsciiDigit)
            && Enum.TryParse<AiFeature>(normalized, ignoreCase: true, out var feature)
            && Enum.IsDefined(feature))
        {
            return feature;
        }

        throw new DomainRuleException(field, $"'{name}' is not an AI feature; choose one of {string.Join(", ", All)}.");
    }

    public static string Describe(AiFeature feature) => feature switch
    {
        AiFeature.WorkspaceSearch => "Workspace search",
        AiFeature.WebSearch => "Web search",
        AiFeature.ConnectedApps => "Connected apps",
        AiFeature.RunSql => "Run SQL",
        _ => feature.ToString(),
    };
}

/// <summary>What the AI product sends to the LLM provider.</summary>
public enum AiDataMode
{
    /// <summary>Titles, names and structure only; never the content of pages or records.</summary>
    MetadataOnly = 0,
    Content = 1,
}
