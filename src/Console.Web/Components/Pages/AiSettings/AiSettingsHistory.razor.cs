using System.Globalization;
using System.Text.Json;
using AdminConsole.Domain.Commands;
using AdminConsole.Domain.Model;
using AdminConsole.Domain.Queries;
using AdminConsole.Domain.UseCases;
using AdminConsole.Web.Components.Ui;
using AdminConsole.Web.Security;
using Microsoft.AspNetCore.Components;

namespace AdminConsole.Web.Components.Pages.AiSettings;

/// <summary>Every saved version of a workspace's AI settings, newest first, a page at a time.</summary>
public partial class AiSettingsHistory
{
    private static readonly IReadOnlyList<GridColumn> Columns =
        [new("Version", Numeric: true), new("Change"), new("Changed at"), new("Changed by"), new("Settings in force afterwards")];

    private ConsoleGrid<AiSettingsHistoryRow>? _grid;
    private int _loadedVersion = -1;

    [Parameter, EditorRequired]
    public required Guid WorkspaceId { get; set; }

    /// <summary>The version in force: the history is read again when it moves.</summary>
    [Parameter, EditorRequired]
    public required int Version { get; set; }

    [Inject]
    public required AiSettingsUseCases AiSettings { get; init; }

    [Inject]
    public required UserContext UserContext { get; init; }

    protected override async Task OnParametersSetAsync()
    {
        if (Version != _loadedVersion)
        {
            var first = _loadedVersion < 0;
            _loadedVersion = Version;
            if (!first && _grid is not null)
                await _grid.RefreshAsync();
        }
    }

    private async Task<GridPage<AiSettingsHistoryRow>> LoadAsync(GridRequest request, CancellationToken cancellationToken)
    {
        var outcome = await AiSettings.HistoryAsync(await UserContext.GetAsync(), WorkspaceId, request.Skip, request.Take, cancellationToken);
        return outcome.Succeeded ? new GridPage<AiSettingsHistoryRow>(outcome.Value.Items, outcome.Value.Total) : new GridPage<AiSettingsHistoryRow>([], 0);
    }

    private static string ActionText(string action) => action switch
    {
        AiSettingsCommands.Updated => "Settings changed",
        AiSettingsCommands.IntegrationAdded => "Integration added",
        AiSettingsCommands.IntegrationChanged => "Integration access changed",
        AiSettingsCommands.IntegrationRemoved => "Integration removed",
        AiSettingsCommands.ModelsChosen => "Models chosen",
        AiSettingsCommands.ModelFallback => "Retired model replaced by the fallback",
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
                "features " + List(root, "features", "none", Feature),
            };
            if (Bool(root, "teamBasedAccess"))
                parts.Add("team-based access");
            parts.Add(Bool(root, "promptHistory") ? "prompt history kept" : "no prompt history");
            if (Bool(root, "dataSharing"))
                parts.Add("data sharing opted in");
            if (Bool(root, "hipaaMode"))
                parts.Add("HIPAA mode");
            if (root.TryGetProperty("models", out var models) && models.ValueKind == JsonValueKind.Array)
            {
                foreach (var m in models.EnumerateArray())
                {
                    var use = Text(m, "use");
                    parts.Add($"{(use == "Fallback" ? "fallback model" : $"{Feature(use)} model")} {Text(m, "model") ?? Text(m, "modelId")}");
                }
            }

            if (root.TryGetProperty("integrations", out var integrations) && integrations.ValueKind == JsonValueKind.Array)
            {
                foreach (var i in integrations.EnumerateArray())
                {
                    var teams = i.TryGetProperty("allowedTeamIds", out var t) && t.ValueKind == JsonValueKind.Array ? t.GetArrayLength() : 0;
                    parts.Add(string.Create(CultureInfo.InvariantCulture, $"{Text(i, "name")}: roles {List(i, "allowedRoles", "none", Role)}, {teams} team(s)"));
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

    private static string List(JsonElement e, string name, string empty, Func<string?, string?> label) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Array && v.GetArrayLength() > 0
            ? string.Join(", ", v.EnumerateArray().Select(x => label(x.GetString())))
            : empty;

    // The snapshot keeps the values' codes; people read their display names.
    private static string? Feature(string? code) => Enum.TryParse<AdminConsole.Domain.Model.AiSettings.AiFeature>(code, out var f) ? f.Label() : code;

    private static string? Role(string? code) => Enum.TryParse<AdminConsole.Domain.Model.Workspaces.MemberRole>(code, out var r) ? r.Label() : code;
}
