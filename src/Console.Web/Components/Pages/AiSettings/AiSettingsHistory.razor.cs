using System.Globalization;
using System.Text.Json;
using AdminConsole.Domain.Commands;
using AdminConsole.Domain.Persistence;
using AdminConsole.Domain.Queries;
using Microsoft.AspNetCore.Components;
using Microsoft.EntityFrameworkCore;

namespace AdminConsole.Web.Components.Pages.AiSettings;

/// <summary>Every saved version of a workspace's AI settings, newest first, a page at a time; the page is authorized by its parent.</summary>
public partial class AiSettingsHistory
{
    public const int PageSize = 10;

    private AiSettingsHistoryPage? _page;
    private int _skip;
    private int _loadedVersion = -1;

    [Parameter, EditorRequired]
    public required Guid WorkspaceId { get; set; }

    /// <summary>The version in force: the history is read again when it moves.</summary>
    [Parameter, EditorRequired]
    public required int Version { get; set; }

    [Inject]
    public required IDbContextFactory<ConsoleDbContext> DbFactory { get; init; }

    protected override async Task OnParametersSetAsync()
    {
        if (Version != _loadedVersion)
        {
            _loadedVersion = Version;
            await GoAsync(0);
        }
    }

    private async Task GoAsync(int skip)
    {
        await using var db = await DbFactory.CreateDbContextAsync();
        _skip = Math.Max(0, skip);
        _page = await AiSettingsQuery.HistoryAsync(db, WorkspaceId, _skip, PageSize);
    }

    private static string ActionText(string action) => action switch
    {
        AiSettingsCommands.Updated => "Settings changed",
        AiSettingsCommands.IntegrationAdded => "Integration added",
        AiSettingsCommands.IntegrationChanged => "Integration access changed",
        AiSettingsCommands.IntegrationRemoved => "Integration removed",
        _ => action,
    };

    /// <summary>The snapshot in a line people read: what is on, the provider, and who may query which integration.</summary>
    internal static string Summary(string snapshot)
    {
        try
        {
            using var json = JsonDocument.Parse(snapshot);
            var root = json.RootElement;
            var parts = new List<string>
            {
                Bool(root, "aiEnabled") ? "AI on" : "AI off",
                "provider " + (Text(root, "providerName") ?? "none"),
                Text(root, "dataMode") == "Content" ? "content" : "metadata only",
                "features " + List(root, "features", "none"),
            };
            if (Bool(root, "teamBasedAccess"))
                parts.Add("team-based access");
            parts.Add(Bool(root, "promptHistory") ? "prompt history kept" : "no prompt history");
            if (Bool(root, "dataSharing"))
                parts.Add("data sharing opted in");
            if (Bool(root, "hipaaMode"))
                parts.Add("HIPAA mode");
            if (root.TryGetProperty("integrations", out var integrations) && integrations.ValueKind == JsonValueKind.Array)
            {
                foreach (var i in integrations.EnumerateArray())
                {
                    var teams = i.TryGetProperty("allowedTeamIds", out var t) && t.ValueKind == JsonValueKind.Array ? t.GetArrayLength() : 0;
                    parts.Add(string.Create(CultureInfo.InvariantCulture, $"{Text(i, "name")}: roles {List(i, "allowedRoles", "none")}, {teams} team(s)"));
                }
            }

            return string.Join("; ", parts);
        }
        catch (JsonException)
        {
            return "(unreadable snapshot)";
        }
    }

    private static bool Bool(JsonElement e, string name) => e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.True;

    private static string? Text(JsonElement e, string name) => e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    private static string List(JsonElement e, string name, string empty) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Array && v.GetArrayLength() > 0
            ? string.Join(", ", v.EnumerateArray().Select(x => x.GetString()))
            : empty;
}
