using System.Globalization;
using AdminConsole.Domain.Audit;
using AdminConsole.Domain.Persistence;
using AdminConsole.Web.Components.Shared;
using AdminConsole.Web.Security;
using Microsoft.AspNetCore.Components;
using Microsoft.EntityFrameworkCore;
using Radzen;
using Radzen.Blazor;

namespace AdminConsole.Web.Components.Pages.Audit;

public partial class AuditLog
{
    private static readonly CultureInfo Culture = CultureInfo.InvariantCulture;
    private static readonly IEnumerable<int> PageSizes = [50, 100, 200];

    private static readonly IReadOnlyList<string> KnownActions =
    [
        "workspace.created", "workspace.updated", "team.added", "team.removed", "member.added", "member.removed",
        "workspace-admin.assigned", "workspace-admin.removed", "user.signed-in", "user.signed-out",
    ];

    private RadzenDataGrid<AuditLogItem>? _grid;
    private IEnumerable<AuditLogItem>? _items;
    private Dictionary<Guid, string> _workspaceNames = [];
    private int _total;
    private DateTime? _from;
    private DateTime? _to;
    private string? _actor;
    private string? _action;
    private string? _workspace;
    private string? _filterError;
    private bool _verifying;
    private AuditVerification? _verification;

    [Inject]
    public required IDbContextFactory<ConsoleDbContext> DbFactory { get; init; }

    [Inject]
    public required UserContext UserContext { get; init; }

    [Inject]
    public required AuditSealing Sealing { get; init; }

    [SupplyParameterFromQuery(Name = "workspace")]
    public string? WorkspaceQuery { get; set; }

    protected override void OnInitialized() => _workspace = WorkspaceQuery;

    private async Task LoadAsync(LoadDataArgs args)
    {
        _filterError = null;
        Guid? workspaceId = null;
        if (!string.IsNullOrWhiteSpace(_workspace))
        {
            if (!Guid.TryParse(_workspace, out var parsed))
            {
                _filterError = "Workspace id must be a GUID, such as 7c9e6679-7425-40de-944b-e07fc1f90ae7.";
                _items = [];
                _total = 0;
                return;
            }

            workspaceId = parsed;
        }

        if (_from is { } f && _to is { } t && t <= f)
        {
            _filterError = "'To' must be after 'From'.";
            _items = [];
            _total = 0;
            return;
        }

        var user = await UserContext.GetAsync();
        await using var db = await DbFactory.CreateDbContextAsync();
        var request = new AuditLogRequest(
            _from is { } from ? new DateTimeOffset(DateTime.SpecifyKind(from.Date, DateTimeKind.Utc)) : null,
            _to is { } to ? new DateTimeOffset(DateTime.SpecifyKind(to.Date, DateTimeKind.Utc)) : null,
            _actor, workspaceId, _action, args.Skip ?? 0, args.Top ?? 50);
        var visible = db.AuditScope(user);
        var page = await AuditLogQuery.RunAsync(db, request, visible);
        _items = page.Items;
        _total = page.Total;

        var ids = page.Items.Where(i => i.WorkspaceId is not null).Select(i => i.WorkspaceId!.Value).Distinct().ToList();
        _workspaceNames = await db.Visible(user).AsNoTracking().Where(w => ids.Contains(w.Id)).ToDictionaryAsync(w => w.Id, w => w.Name);
    }

    private async Task ApplyAsync()
    {
        if (_grid is not null)
            await _grid.FirstPage(forceReload: true);
    }

    private async Task VerifyAsync()
    {
        var user = await UserContext.GetAsync();
        if (!user.Satisfies(Policies.VerifyAuditLog))
            return;
        _verifying = true;
        try
        {
            await using var db = await DbFactory.CreateDbContextAsync();
            _verification = await AuditLogVerifier.VerifyAsync(db, Sealing);
        }
        finally
        {
            _verifying = false;
        }
    }

    /// <summary>The export of what the filters select, as "csv" or "jsonl".</summary>
    private string ExportHref(string format)
    {
        var query = new Dictionary<string, string?>
        {
            ["from"] = _from?.ToString("yyyy-MM-dd", Culture),
            ["to"] = _to?.ToString("yyyy-MM-dd", Culture),
            ["actor"] = string.IsNullOrWhiteSpace(_actor) ? null : _actor,
            ["workspace"] = Guid.TryParse(_workspace, out var w) ? w.ToString() : null,
            ["action"] = _action,
        };
        return Microsoft.AspNetCore.WebUtilities.QueryHelpers.AddQueryString($"api/console/audit/entries.{format}", query.Where(q => q.Value is not null).ToDictionary(q => q.Key, q => q.Value));
    }

    private static string ShortId(string id) => id.Length > 8 ? id[..8] + "…" : id;
}
