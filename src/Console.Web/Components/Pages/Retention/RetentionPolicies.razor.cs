using AdminConsole.Domain.Commands;
using AdminConsole.Domain.Model.Common;
using AdminConsole.Domain.Model.Retention;
using AdminConsole.Domain.Model.Workspaces;
using AdminConsole.Domain.Persistence;
using AdminConsole.Web.Security;
using Microsoft.AspNetCore.Components;
using Microsoft.EntityFrameworkCore;
using Radzen;

namespace AdminConsole.Web.Components.Pages.Retention;

public partial class RetentionPolicies
{
    private IReadOnlyList<RetentionPolicyRow> _policies = [];
    private Dictionary<Plan, List<RetentionVersionRow>> _history = [];
    private RetentionPolicyRow? _editing;
    private bool _canManage;

    [Inject]
    public required IDbContextFactory<ConsoleDbContext> DbFactory { get; init; }

    [Inject]
    public required RetentionPolicyCommands Commands { get; init; }

    [Inject]
    public required UserContext UserContext { get; init; }

    [Inject]
    public required NotificationService Notifications { get; init; }

    protected override async Task OnInitializedAsync()
    {
        _canManage = (await UserContext.GetAsync()).Satisfies(Policies.ManageRetention);
        await LoadAsync();
    }

    private async Task LoadAsync()
    {
        await using var db = await DbFactory.CreateDbContextAsync();
        var policies = await db.RetentionPolicies.AsNoTracking()
            .Select(p => new RetentionPolicyRow(p.Plan, p.Terms, p.Version, p.ChangedAt, p.ChangedBy))
            .ToListAsync();
        var versions = await db.RetentionPolicyVersions.AsNoTracking()
            .Select(v => new RetentionVersionRow(v.Plan, v.Version, v.Terms, v.ChangedAt, v.ChangedBy))
            .ToListAsync();

        // Four plans, a handful of versions each: ordered here, by the plan's rank rather than its stored name.
        _policies = [.. policies.OrderBy(p => p.Plan)];
        _history = versions.GroupBy(v => v.Plan).ToDictionary(g => g.Key, g => g.OrderByDescending(v => v.Version).ToList());
    }

    private void Edit(RetentionPolicyRow policy)
    {
        if (_canManage)
            _editing = policy;
    }

    private async Task SaveAsync(RetentionTerms terms)
    {
        var editing = _editing ?? throw new InvalidOperationException("No policy is being edited.");
        var user = await UserContext.GetAsync();
        if (!user.Satisfies(Policies.ManageRetention))
            throw new DomainRuleException(string.Empty, "Only compliance officers and administrators change retention policies.");

        bool changed;
        try
        {
            changed = await Commands.ChangeAsync(user.Actor, editing.Plan, terms, editing.Version);
        }
        catch (DomainRuleException ex) when (ex.Field == nameof(RetentionPolicy.Version))
        {
            // Someone else saved first: show their version in the table, keep this editor's values in the form.
            await LoadAsync();
            StateHasChanged();
            throw;
        }

        // Called by the form, not through an event of this page: render the closed form and the new version now.
        _editing = null;
        await LoadAsync();
        StateHasChanged();
        if (changed)
            Notifications.Notify(NotificationSeverity.Success, $"{editing.Plan} retention policy saved", "The retention jobs apply it from their next run.");
        else
            Notifications.Notify(NotificationSeverity.Info, "Nothing to save", $"These are the {editing.Plan} terms in force already.");
    }
}

public sealed record RetentionPolicyRow(Plan Plan, RetentionTerms Terms, int Version, DateTimeOffset ChangedAt, string ChangedBy);

public sealed record RetentionVersionRow(Plan Plan, int Version, RetentionTerms Terms, DateTimeOffset ChangedAt, string ChangedBy);
