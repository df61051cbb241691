using System.Reflection;
using AdminConsole.Domain.Access;
using AdminConsole.Domain.Commands;
using AdminConsole.Domain.Model.Access;
using AdminConsole.Domain.Model.Api;
using AdminConsole.Domain.Model.Jobs;
using AdminConsole.Domain.Model.Posture;
using AdminConsole.Domain.Model.Subprocessors;
using AdminConsole.Domain.Model.Retention;
using AdminConsole.Domain.Model.Workspaces;
using AdminConsole.Domain.Persistence;
using AdminConsole.Domain.Queries;
using AdminConsole.Domain.UseCases;
using AdminConsole.TestSupport;
using Microsoft.EntityFrameworkCore;

namespace AdminConsole.Persistence.Tests;

/// <summary>
/// Every use case, run by every kind of user: those the matrix denies get <see cref="OutcomeKind.Forbidden"/> (their role
/// may never do it) or <see cref="OutcomeKind.NotFound"/> (another workspace's admin: the workspace reads as unknown), and
/// the database is exactly as before; those it admits get past the checks. A use case added without a row here fails
/// <see cref="EveryUseCase_IsInTheTable"/>.
/// </summary>
public sealed class UseCaseAuthorizationTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 5, 9, 0, 0, TimeSpan.Zero);

    private static readonly CurrentUser Admin = User("admin", ConsoleRoles.Admin);
    private static readonly CurrentUser Officer = User("officer", ConsoleRoles.ComplianceOfficer);
    private static readonly CurrentUser Auditor = User("auditor", ConsoleRoles.Auditor);
    private static readonly CurrentUser OwnAdmin = User("wanda", ConsoleRoles.WorkspaceAdmin);
    private static readonly CurrentUser OtherAdmin = User("walter", ConsoleRoles.WorkspaceAdmin);
    private static readonly CurrentUser NoRole = User("nick");

    private static readonly CurrentUser[] Everyone = [Admin, Officer, Auditor, OwnAdmin, OtherAdmin, NoRole];

    /// <summary>Each use case, who may run it in the seeded workspace, and how to run it there.</summary>
    private static readonly Case[] Cases =
    [
        new(nameof(WorkspaceUseCases.ListAsync), [Admin, Officer, OwnAdmin, OtherAdmin], (s, u) => O(s.Workspaces.ListAsync(u, new WorkspaceListRequest()))),
        new(nameof(WorkspaceUseCases.GetAsync), [Admin, Officer, OwnAdmin], (s, u) => O(s.Workspaces.GetAsync(u, s.Acme))),
        new(nameof(WorkspaceUseCases.MembersAsync), [Admin, Officer, OwnAdmin], (s, u) => O(s.Workspaces.MembersAsync(u, s.Acme, 0, 10))),
        new(nameof(WorkspaceUseCases.AdministratorsAsync), [Admin], (s, u) => O(s.Workspaces.AdministratorsAsync(u, s.Acme))),
        new(nameof(WorkspaceUseCases.CreateAsync), [Admin], (s, u) => O(s.Workspaces.CreateAsync(u, "Initech", Plan.Free, DataRegion.US))),
        new(nameof(WorkspaceUseCases.UpdateAsync), [Admin], (s, u) => O(s.Workspaces.UpdateAsync(u, s.Acme, "Acme Renamed", Plan.Enterprise))),
        new(nameof(WorkspaceUseCases.AddTeamAsync), [Admin, OwnAdmin], (s, u) => O(s.Workspaces.AddTeamAsync(u, s.Acme, "Support"))),
        new(nameof(WorkspaceUseCases.RemoveTeamAsync), [Admin, OwnAdmin], (s, u) => O(s.Workspaces.RemoveTeamAsync(u, s.Acme, s.Team))),
        new(nameof(WorkspaceUseCases.AddMemberAsync), [Admin, OwnAdmin], (s, u) => O(s.Workspaces.AddMemberAsync(u, s.Acme, Guid.NewGuid(), "Grace", "grace@acme.example", null))),
        new(nameof(WorkspaceUseCases.RemoveMemberAsync), [Admin, OwnAdmin], (s, u) => O(s.Workspaces.RemoveMemberAsync(u, s.Acme, s.Member))),
        new(nameof(WorkspaceUseCases.ChangeMemberRoleAsync), [Admin, OwnAdmin], (s, u) => O(s.Workspaces.ChangeMemberRoleAsync(u, s.Acme, s.Member, MemberRole.Admin))),
        new(nameof(WorkspaceUseCases.AssignAdministratorAsync), [Admin], (s, u) => O(s.Workspaces.AssignAdministratorAsync(u, s.Acme, OtherAdmin.ObjectId))),
        new(nameof(WorkspaceUseCases.RemoveAdministratorAsync), [Admin], (s, u) => O(s.Workspaces.RemoveAdministratorAsync(u, s.Acme, OwnAdmin.ObjectId))),
        new(nameof(ApiKeyUseCases.ListAsync), [Admin, OwnAdmin], (s, u) => O(s.ApiKeys.ListAsync(u, s.Acme)), typeof(ApiKeyUseCases)),
        new(nameof(ApiKeyUseCases.IssueAsync), [Admin, OwnAdmin], (s, u) => O(s.ApiKeys.IssueAsync(u, s.Acme, "CI", [ApiScopes.PolicyRead])), typeof(ApiKeyUseCases)),
        new(nameof(ApiKeyUseCases.RevokeAsync), [Admin, OwnAdmin], (s, u) => O(s.ApiKeys.RevokeAsync(u, s.Acme, s.Key)), typeof(ApiKeyUseCases)),
        new(nameof(RetentionUseCases.GetAsync), [Admin, Officer, Auditor, OwnAdmin, OtherAdmin], (s, u) => O(s.Retention.GetAsync(u)), typeof(RetentionUseCases)),
        new(nameof(RetentionUseCases.ChangeAsync), [Admin, Officer], (s, u) => O(s.Retention.ChangeAsync(u, Plan.Business, RetentionTerms.DefaultFor(Plan.Business) with { ProviderRetentionDays = 14 }, 1)), typeof(RetentionUseCases)),
        new(nameof(UserUseCases.ListAsync), [Admin], (s, u) => O(s.Users.ListAsync(u, null, 0, 25)), typeof(UserUseCases)),
        new(nameof(DashboardUseCases.GetAsync), [Admin, Officer, Auditor, OwnAdmin, OtherAdmin], (s, u) => O(s.Dashboards.GetAsync(u)), typeof(DashboardUseCases)),
        new(nameof(PostureUseCases.SummaryAsync), [Admin, Officer, Auditor], (s, u) => O(s.Posture.SummaryAsync(u)), typeof(PostureUseCases)),
        new(nameof(PostureUseCases.TrendAsync), [Admin, Officer, Auditor], (s, u) => O(s.Posture.TrendAsync(u, 30)), typeof(PostureUseCases)),
        new(nameof(PostureUseCases.ViolationsAsync), [Admin, Officer, Auditor], (s, u) => O(s.Posture.ViolationsAsync(u, PostureRules.All[0].Code, 0, 25)), typeof(PostureUseCases)),
        new(nameof(JobUseCases.ListAsync), [Admin, Officer, Auditor], (s, u) => O(s.Jobs.ListAsync(u)), typeof(JobUseCases)),
        new(nameof(JobUseCases.DetailAsync), [Admin, Officer, Auditor], (s, u) => O(s.Jobs.DetailAsync(u, Scheduler.Job)), typeof(JobUseCases)),
        new(nameof(JobUseCases.RunsAsync), [Admin, Officer, Auditor], (s, u) => O(s.Jobs.RunsAsync(u, Scheduler.Job, 0, 10)), typeof(JobUseCases)),
        new(nameof(JobUseCases.RunNowAsync), [Admin, Officer], (s, u) => O(s.Jobs.RunNowAsync(u, Scheduler.Job)), typeof(JobUseCases)),
        new(nameof(AuditUseCases.LogAsync), [Admin, Officer, Auditor, OwnAdmin, OtherAdmin], (s, u) => O(s.Audit.LogAsync(u, new AuditLogFilter(), 0, 50)), typeof(AuditUseCases)),
        new(nameof(AuditUseCases.EntryAsync), [Admin, Officer, Auditor, OwnAdmin], (s, u) => O(s.Audit.EntryAsync(u, s.AcmeEntry)), typeof(AuditUseCases)),
        new(nameof(AuditUseCases.VerifyAsync), [Admin, Officer, Auditor], (s, u) => O(s.Audit.VerifyAsync(u)), typeof(AuditUseCases)),
        new(nameof(LifecycleUseCases.HoldsAsync), [Admin, Officer, Auditor], (s, u) => O(s.Lifecycle.HoldsAsync(u, null, true, 0, 25)), typeof(LifecycleUseCases)),
        new(nameof(LifecycleUseCases.HoldWorkspaceAsync), [Admin, Officer, Auditor], (s, u) => O(s.Lifecycle.HoldWorkspaceAsync(u, s.Acme)), typeof(LifecycleUseCases)),
        new(nameof(LifecycleUseCases.PlaceHoldAsync), [Admin, Officer], (s, u) => O(s.Lifecycle.PlaceHoldAsync(u, s.Acme, "Litigation", Now, null)), typeof(LifecycleUseCases)),
        new(nameof(LifecycleUseCases.LiftHoldAsync), [Admin, Officer], (s, u) => O(s.Lifecycle.LiftHoldAsync(u, s.Hold)), typeof(LifecycleUseCases)),
        new(nameof(LifecycleUseCases.TrashAsync), [Admin, Officer, OwnAdmin], (s, u) => O(s.Lifecycle.TrashAsync(u, s.Acme, 0, 25)), typeof(LifecycleUseCases)),
        new(nameof(LifecycleUseCases.RestorePageAsync), [Admin, OwnAdmin], (s, u) => O(s.Lifecycle.RestorePageAsync(u, s.Acme, s.DeletedPage)), typeof(LifecycleUseCases)),
        new(nameof(LifecycleUseCases.RestoreWorkspaceAsync), [Admin, OwnAdmin], (s, u) => O(s.Lifecycle.RestoreWorkspaceAsync(u, s.Initech)), typeof(LifecycleUseCases)),
        new(nameof(SubprocessorUseCases.ListAsync), [Admin, Officer, Auditor], (s, u) => O(s.Subprocessors.ListAsync(u, null, null, 0, 25)), typeof(SubprocessorUseCases)),
        new(nameof(SubprocessorUseCases.DetailAsync), [Admin, Officer, Auditor], (s, u) => O(s.Subprocessors.DetailAsync(u, s.Vendor)), typeof(SubprocessorUseCases)),
        new(nameof(SubprocessorUseCases.ProposeAsync), [Admin, Officer], (s, u) => O(s.Subprocessors.ProposeAsync(u, () => Details("Pinecone Systems"))), typeof(SubprocessorUseCases)),
        new(nameof(SubprocessorUseCases.UpdateAsync), [Admin, Officer], (s, u) => O(s.Subprocessors.UpdateAsync(u, s.Vendor, () => Details("Vector Store Inc, renamed"))), typeof(SubprocessorUseCases)),
        new(nameof(SubprocessorUseCases.PublishNoticeAsync), [Admin, Officer], (s, u) => O(s.Subprocessors.PublishNoticeAsync(u, s.Vendor, Now.AddDays(31))), typeof(SubprocessorUseCases)),
        new(nameof(SubprocessorUseCases.RetireAsync), [Admin, Officer], (s, u) => O(s.Subprocessors.RetireAsync(u, s.Vendor)), typeof(SubprocessorUseCases)),
        new(nameof(SubprocessorUseCases.RecordReviewAsync), [Admin, Officer], (s, u) => O(s.Subprocessors.RecordReviewAsync(u, s.Vendor, new DateOnly(2026, 12, 1), "Olivia", ReviewArtifacts.Dpa, ReviewOutcome.Approved, null, null)), typeof(SubprocessorUseCases)),
        new(nameof(SubprocessorUseCases.NoticeAsync), [Admin, Officer], (s, u) => O(s.Subprocessors.NoticeAsync(u, s.Notice)), typeof(SubprocessorUseCases)),
        new(nameof(SubprocessorUseCases.DeliveriesAsync), [Admin, Officer], (s, u) => O(s.Subprocessors.DeliveriesAsync(u, s.Notice, null, 0, 50)), typeof(SubprocessorUseCases)),
        new(nameof(SubprocessorUseCases.SubscriberCountsAsync), [Admin, Officer], (s, u) => O(s.Subprocessors.SubscriberCountsAsync(u)), typeof(SubprocessorUseCases)),
        new(nameof(SubprocessorUseCases.SubscribersAsync), [Admin, Officer], (s, u) => O(s.Subprocessors.SubscribersAsync(u, new SubscriptionListRequest(new SubscriptionFilter()))), typeof(SubprocessorUseCases)),
        new(nameof(TrustUseCases.SubprocessorsAsync), Everyone, (s, u) => O(s.Trust.SubprocessorsAsync()), typeof(TrustUseCases)),
        new(nameof(TrustUseCases.ModelsAsync), Everyone, (s, u) => O(s.Trust.ModelsAsync()), typeof(TrustUseCases)),
        new(nameof(AiSettingsUseCases.GetAsync), [Admin, Officer, Auditor, OwnAdmin], (s, u) => O(s.AiSettings.GetAsync(u, s.Acme)), typeof(AiSettingsUseCases)),
        new(nameof(AiSettingsUseCases.HistoryAsync), [Admin, Officer, Auditor, OwnAdmin], (s, u) => O(s.AiSettings.HistoryAsync(u, s.Acme, 0, 10)), typeof(AiSettingsUseCases)),
        new(nameof(AiSettingsUseCases.UpdateAsync), [Admin, OwnAdmin], (s, u) => O(s.AiSettings.UpdateAsync(u, s.Acme, () => new AdminConsole.Domain.Model.AiSettings.AiSettingsChange(false, null, AdminConsole.Domain.Model.AiSettings.AiDataMode.MetadataOnly, new HashSet<AdminConsole.Domain.Model.AiSettings.AiFeature>(), true, true, false, false))), typeof(AiSettingsUseCases)),
        new(nameof(AiSettingsUseCases.AddIntegrationAsync), [Admin, OwnAdmin], (s, u) => O(s.AiSettings.AddIntegrationAsync(u, s.Acme, "Finance warehouse", AdminConsole.Domain.Model.AiSettings.IntegrationKind.Warehouse, [MemberRole.Admin], [])), typeof(AiSettingsUseCases)),
        new(nameof(AiSettingsUseCases.ChangeIntegrationPermissionsAsync), [Admin, OwnAdmin], (s, u) => O(s.AiSettings.ChangeIntegrationPermissionsAsync(u, s.Acme, s.Integration, [MemberRole.Admin, MemberRole.Member], [])), typeof(AiSettingsUseCases)),
        new(nameof(AiSettingsUseCases.RemoveIntegrationAsync), [Admin, OwnAdmin], (s, u) => O(s.AiSettings.RemoveIntegrationAsync(u, s.Acme, s.Integration)), typeof(AiSettingsUseCases)),
        new(nameof(AiSettingsUseCases.ChooseModelsAsync), [Admin, OwnAdmin], (s, u) => O(s.AiSettings.ChooseModelsAsync(u, s.Acme, new Dictionary<AdminConsole.Domain.Model.AiSettings.AiFeature, Guid?>(), null)), typeof(AiSettingsUseCases)),
        new(nameof(DlpUseCases.WorkspaceAsync), [Admin, Officer, Auditor, OwnAdmin], (s, u) => O(s.Dlp.WorkspaceAsync(u, s.Acme)), typeof(DlpUseCases)),
        new(nameof(DlpUseCases.AlertsAsync), [Admin, Officer, Auditor, OwnAdmin], (s, u) => O(s.Dlp.AlertsAsync(u, s.Acme, new DlpAlertFilter(), 0, 25)), typeof(DlpUseCases)),
        new(nameof(DlpUseCases.PerDayAsync), [Admin, Officer, Auditor, OwnAdmin], (s, u) => O(s.Dlp.PerDayAsync(u, s.Acme, new DlpAlertFilter(), 30)), typeof(DlpUseCases)),
        new(nameof(DlpUseCases.AcknowledgeAsync), [Admin, OwnAdmin], (s, u) => O(s.Dlp.AcknowledgeAsync(u, s.Acme, s.Alert, null)), typeof(DlpUseCases)),
        new(nameof(DlpUseCases.ResolveAsync), [Admin, OwnAdmin], (s, u) => O(s.Dlp.ResolveAsync(u, s.Acme, s.Alert, "Card cancelled")), typeof(DlpUseCases)),
        new(nameof(DlpUseCases.DetectorsAsync), [Admin, Officer, Auditor, OwnAdmin], (s, u) => O(s.Dlp.DetectorsAsync(u, s.Acme)), typeof(DlpUseCases)),
        new(nameof(DlpUseCases.TurnDetectorAsync), [Admin, OwnAdmin], (s, u) => O(s.Dlp.TurnDetectorAsync(u, s.Acme, AdminConsole.Domain.Model.Dlp.DlpDetectors.Email, false)), typeof(DlpUseCases)),
        new(nameof(DlpUseCases.AddCustomDetectorAsync), [Admin, OwnAdmin], (s, u) => O(s.Dlp.AddCustomDetectorAsync(u, s.Acme, "Code names", "BLUEBIRD-[0-9]+", AdminConsole.Domain.Model.Dlp.DlpSeverity.High, "about BLUEBIRD-7")), typeof(DlpUseCases)),
        new(nameof(DlpUseCases.RemoveCustomDetectorAsync), [Admin, OwnAdmin], (s, u) => O(s.Dlp.RemoveCustomDetectorAsync(u, s.Acme, s.CustomDetector)), typeof(DlpUseCases)),
        new(nameof(DlpHookUseCases.WorkspaceAsync), [Admin, Officer, Auditor, OwnAdmin], (s, u) => O(s.DlpHooks.WorkspaceAsync(u, s.Umbrella)), typeof(DlpHookUseCases)),
        new(nameof(DlpHookUseCases.DeliveriesAsync), [Admin, Officer, Auditor, OwnAdmin], (s, u) => O(s.DlpHooks.DeliveriesAsync(u, s.Umbrella, s.Hook, 0, 10)), typeof(DlpHookUseCases)),
        new(nameof(DlpHookUseCases.DeadLettersAsync), [Admin, Officer, Auditor, OwnAdmin], (s, u) => O(s.DlpHooks.DeadLettersAsync(u, s.Umbrella, 0, 10)), typeof(DlpHookUseCases)),
        new(nameof(DlpHookUseCases.CreateAsync), [Admin, OwnAdmin], (s, u) => O(s.DlpHooks.CreateAsync(u, s.Umbrella, "SIEM", "https://siem.partner.example/hooks", [AdminConsole.Domain.Model.Dlp.Hooks.DlpHookEvents.AlertCreated])), typeof(DlpHookUseCases)),
        new(nameof(DlpHookUseCases.SendTestEventAsync), [Admin, OwnAdmin], (s, u) => O(s.DlpHooks.SendTestEventAsync(u, s.Umbrella, s.Hook)), typeof(DlpHookUseCases)),
        new(nameof(DlpHookUseCases.RotateSecretAsync), [Admin, OwnAdmin], (s, u) => O(s.DlpHooks.RotateSecretAsync(u, s.Umbrella, s.Hook)), typeof(DlpHookUseCases)),
        new(nameof(DlpHookUseCases.DisableAsync), [Admin, OwnAdmin], (s, u) => O(s.DlpHooks.DisableAsync(u, s.Umbrella, s.Hook)), typeof(DlpHookUseCases)),
        new(nameof(DlpHookUseCases.EnableAsync), [Admin, OwnAdmin], (s, u) => O(s.DlpHooks.EnableAsync(u, s.Umbrella, s.Hook)), typeof(DlpHookUseCases)),
        new(nameof(DlpHookUseCases.DeleteAsync), [Admin, OwnAdmin], (s, u) => O(s.DlpHooks.DeleteAsync(u, s.Umbrella, s.Hook)), typeof(DlpHookUseCases)),
        new(nameof(DlpHookUseCases.ReplayAsync), [Admin, OwnAdmin], (s, u) => O(s.DlpHooks.ReplayAsync(u, s.Umbrella, s.DeadLetter)), typeof(DlpHookUseCases)),
        new(nameof(ReportUseCases.ArchiveAsync), [Admin, Officer, Auditor, OwnAdmin, OtherAdmin], (s, u) => O(s.Reports.ArchiveAsync(u, 0, 20)), typeof(ReportUseCases)),
        new(nameof(ReportUseCases.FormAsync), [Admin, Officer, Auditor, OwnAdmin, OtherAdmin], (s, u) => O(s.Reports.FormAsync(u)), typeof(ReportUseCases)),
        new(nameof(ReportUseCases.RequestAsync), [Admin, Officer, OwnAdmin], (s, u) => O(s.Reports.RequestAsync(u, s.Acme, new DateOnly(2026, 11, 1), new DateOnly(2026, 11, 30))), typeof(ReportUseCases)),
        new(nameof(ModelUseCases.ListAsync), [Admin, Officer, Auditor], (s, u) => O(s.Models.ListAsync(u, null, null, null, 0, 25)), typeof(ModelUseCases)),
        new(nameof(ModelUseCases.DetailAsync), [Admin, Officer, Auditor], (s, u) => O(s.Models.DetailAsync(u, s.ServingModel)), typeof(ModelUseCases)),
        new(nameof(ModelUseCases.ProvidersAsync), [Officer], (s, u) => O(s.Models.ProvidersAsync(u)), typeof(ModelUseCases)),
        new(nameof(ModelUseCases.ProposeAsync), [Officer], (s, u) => O(s.Models.ProposeAsync(u, Proposal(s.LlmProvider, "2027-01-01"))), typeof(ModelUseCases)),
        new(nameof(ModelUseCases.UpdateAsync), [Officer], (s, u) => O(s.Models.UpdateAsync(u, s.EvaluatedModel, Proposal(s.LlmProvider, "2026-10-01") with { Region = "EU" })), typeof(ModelUseCases)),
        new(nameof(ModelUseCases.RecordEvaluationAsync), [Officer], (s, u) => O(s.Models.RecordEvaluationAsync(u, s.EvaluatedModel, Evaluation(0.95), "suite.csv", EvidenceBytes)), typeof(ModelUseCases)),
        new(nameof(ModelUseCases.ApproveAsync), [Officer], (s, u) => O(s.Models.ApproveAsync(u, s.EvaluatedModel)), typeof(ModelUseCases)),
        new(nameof(ModelUseCases.PutInProductionAsync), [Officer], (s, u) => O(s.Models.PutInProductionAsync(u, s.ApprovedModel)), typeof(ModelUseCases)),
        new(nameof(ModelUseCases.RetireAsync), [Officer], (s, u) => O(s.Models.RetireAsync(u, s.ServingModel)), typeof(ModelUseCases)),
        new(nameof(ModelUseCases.EvidenceAsync), [Admin, Officer, Auditor], (s, u) => O(s.Models.EvidenceAsync(u, s.EvaluatedModel, s.ModelEvaluation)), typeof(ModelUseCases)),
        new(nameof(ModelUseCases.ModelCardAsync), [Admin, Officer, Auditor], (s, u) => O(s.Models.ModelCardAsync(u, s.ServingModel, ModelCardFormat.Markdown)), typeof(ModelUseCases)),
    ];

    private static readonly byte[] EvidenceBytes = "metric,value\nanswer accuracy,0.95\n"u8.ToArray();

    private static ModelProposal Proposal(Guid provider, string version) =>
        new("Claude Sonnet", version, provider, AdminConsole.Domain.Model.AiModels.AiModelPurpose.Chat, [AdminConsole.Domain.Model.AiSettings.AiFeature.WorkspaceSearch], "US", true, null, false);

    private static EvaluationInput Evaluation(double accuracy) =>
        new("Release suite", Now.AddHours(-1), [("answer accuracy", accuracy, 0.9, AdminConsole.Domain.Model.AiModels.MetricDirection.AtLeast)]);

    public static TheoryData<DatabaseProvider, string> Runs()
    {
        var data = new TheoryData<DatabaseProvider, string>();
        foreach (var provider in new[] { DatabaseProvider.Sqlite, DatabaseProvider.Postgres })
            foreach (var c in Cases)
                data.Add(provider, c.Key);
        return data;
    }

    [Theory]
    [MemberData(nameof(Runs))]
    public async Task AUserWithoutTheRight_GetsForbiddenOrNotFound_AndNothingIsWritten(DatabaseProvider provider, string key)
    {
        var useCase = Cases.Single(c => c.Key == key);
        var (database, scene) = await FreshSceneAsync(provider);
        await using var _ = database;

        foreach (var user in Everyone.Where(u => !useCase.Allowed.Contains(u)))
        {
            var before = await Fingerprint.TakeAsync(database) + scene.Scheduler;
            var outcome = await useCase.Run(scene, user);
            var expected = user == OtherAdmin && useCase.Allowed.Contains(OwnAdmin) ? OutcomeKind.NotFound : OutcomeKind.Forbidden;
            Assert.True(outcome.Kind == expected, $"{key} by {user.Name}: {outcome} (expected {expected})");
            Assert.False(string.IsNullOrWhiteSpace(outcome.Message));
            Assert.Equal(before, await Fingerprint.TakeAsync(database) + scene.Scheduler);
        }

        // The right user is let through the same checks. A use case that wrote nothing leaves the scene as it was for the
        // next user; after one that wrote, the next gets a fresh scene (some changes remove what the next needs).
        var copies = new List<TestDatabase>();
        try
        {
            var (current, currentScene) = (database, scene);
            var pristine = true;
            foreach (var user in useCase.Allowed)
            {
                if (!pristine)
                {
                    (current, currentScene) = await FreshSceneAsync(provider);
                    copies.Add(current);
                }

                var before = await Fingerprint.TakeAsync(current) + currentScene.Scheduler;
                var outcome = await useCase.Run(currentScene, user);
                Assert.True(outcome.Succeeded, $"{key} by {user.Name}: {outcome}");
                pristine = before == await Fingerprint.TakeAsync(current) + currentScene.Scheduler;
            }
        }
        finally
        {
            foreach (var copy in copies)
                await copy.DisposeAsync();
        }
    }

    [Fact]
    public void EveryUseCase_IsInTheTable()
    {
        var declared = typeof(WorkspaceUseCases).Assembly.GetTypes()
            .Where(t => t.Namespace == typeof(WorkspaceUseCases).Namespace && t.Name.EndsWith("UseCases", StringComparison.Ordinal))
            .SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly).Select(m => $"{t.Name}.{m.Name}"))
            .Order(StringComparer.Ordinal)
            .ToList();
        var covered = Cases.Select(c => c.Key).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(declared.Except(covered), []);
    }

    /// <summary>Per provider, the scene seeded once into a database that is never used again but to be copied.</summary>
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<DatabaseProvider, Lazy<Task<(TestDatabase Database, Scene Scene)>>> Seeded = new();

    /// <summary>A database of its own with the scene in it: a copy of the seeded one (seeding each takes longer than copying).</summary>
    private static async Task<(TestDatabase Database, Scene Scene)> FreshSceneAsync(DatabaseProvider provider)
    {
        var (template, seeded) = await Seeded.GetOrAdd(provider, p => new Lazy<Task<(TestDatabase, Scene)>>(() => SeedTemplateAsync(p))).Value;
        var copy = await TestDatabase.CopyOfAsync(template);
        return (copy, Scene.Over(copy, seeded));
    }

    private static async Task<(TestDatabase, Scene)> SeedTemplateAsync(DatabaseProvider provider)
    {
        var template = await TestDatabase.CreateAsync(provider);
        await template.MigrateAsync();
        var scene = await Scene.SeedAsync(template);
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            try
            {
                template.DisposeAsync().AsTask().GetAwaiter().GetResult();
            }
            catch (Npgsql.NpgsqlException)
            {
                // The server went first (the test script stops it): nothing is left to drop.
            }
        };
        return (template, scene);
    }

    private static async Task<Outcome> O<T>(Task<T> run)
        where T : Outcome => await run;

    private static CurrentUser User(string name, params string[] roles) =>
        new(new Guid(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(name)).AsSpan(0, 16)), name, roles.ToHashSet(StringComparer.Ordinal), "127.0.0.1");

    private sealed record Case(string Method, CurrentUser[] Allowed, Func<Scene, CurrentUser, Task<Outcome>> RunUseCase, Type? On = null)
    {
        public string Key => $"{(On ?? typeof(WorkspaceUseCases)).Name}.{Method}";

        public async Task<Outcome> Run(Scene scene, CurrentUser user) => await RunUseCase(scene, user);
    }

    /// <summary>Acme (administered by Wanda) with a team, a member and an API key; Globex (administered by Walter).</summary>
    private sealed record Scene(WorkspaceUseCases Workspaces, ApiKeyUseCases ApiKeys, DashboardUseCases Dashboards, UserUseCases Users, RetentionUseCases Retention, PostureUseCases Posture, JobUseCases Jobs, ReportUseCases Reports, AuditUseCases Audit, LifecycleUseCases Lifecycle, SubprocessorUseCases Subprocessors, TrustUseCases Trust, AiSettingsUseCases AiSettings, DlpUseCases Dlp, DlpHookUseCases DlpHooks, Scheduler Scheduler, Guid Acme, Guid Team, Guid Member, Guid Key, long AcmeEntry, Guid Hold, Guid DeletedPage, Guid Initech, Guid Vendor, Guid Notice, Guid Integration, Guid Alert, Guid CustomDetector, Guid Umbrella, Guid Hook, Guid DeadLetter, ModelUseCases Models, Guid LlmProvider, Guid EvaluatedModel, Guid ModelEvaluation, Guid ApprovedModel, Guid ServingModel)
    {
        public static async Task<Scene> SeedAsync(TestDatabase database)
        {
            var factory = database.CreateFactory();
            var clock = new FakeClock(Now);
            var commands = new WorkspaceCommands(factory, clock);
            var keys = new ApiKeyCommands(factory, clock);
            var seed = Admin.Actor;
            var acme = await commands.CreateAsync(seed, "Acme", Plan.Business, DataRegion.US);
            var globex = await commands.CreateAsync(seed, "Globex", Plan.Free, DataRegion.EU);
            var team = await commands.AddTeamAsync(seed, acme, "Legal");
            var member = await commands.AddMemberAsync(seed, acme, Guid.NewGuid(), "Ada", "ada@acme.example", team);
            await commands.AssignAdministratorAsync(seed, acme, OwnAdmin.ObjectId);
            await commands.AssignAdministratorAsync(seed, globex, OtherAdmin.ObjectId);
            var (key, _) = await keys.IssueAsync(seed, acme, "Production", [ApiScopes.EventsWrite]);
            await using (var db = database.CreateContext())
            {
                foreach (var user in new[] { OwnAdmin, OtherAdmin })
                    db.Users.Add(ConsoleUser.FirstSignIn(user.ObjectId, null, user.Name, $"{user.Name}@example.com", user.Roles, Now));
                await db.SaveChangesAsync();
            }

            // Initech, Wanda's too, is in the trash; Acme has a deleted page and a hold in force.
            var lifecycle = new LifecycleCommands(factory, clock);
            var initech = await commands.CreateAsync(seed, "Initech", Plan.Business, DataRegion.US);
            await commands.AssignAdministratorAsync(seed, initech, OwnAdmin.ObjectId);
            await lifecycle.DeleteWorkspaceAsync(seed, initech);
            var deletedPage = AdminConsole.Domain.Model.Lifecycle.Page.Create(Guid.NewGuid(), acme, "Q3 roadmap", Now.AddDays(-5));
            deletedPage.Delete(Now.AddDays(-1));
            await using (var db = database.CreateContext())
            {
                db.Pages.Add(deletedPage);
                await db.SaveChangesAsync();
            }

            var hold = await lifecycle.PlaceHoldAsync(seed, acme, "Litigation", Now.AddDays(-1), null);

            // A proposed subprocessor, and another whose notice is out.
            var registry = new SubprocessorCommands(factory, clock, new SubprocessorOptions());
            var vendor = await registry.ProposeAsync(seed, Details("Vector Store Inc"));
            var hosting = await registry.ProposeAsync(seed, Details("Hosting Co"));
            await registry.PublishNoticeAsync(seed, hosting, Now.AddDays(31));
            Guid notice;
            await using (var db = database.CreateContext())
                notice = await db.Notices.Where(n => n.SubprocessorId == hosting).Select(n => n.Id).SingleAsync();

            var aiSettings = new AiSettingsCommands(factory, clock);
            var integration = await aiSettings.AddIntegrationAsync(seed, acme, "Analytics warehouse", AdminConsole.Domain.Model.AiSettings.IntegrationKind.Warehouse, [MemberRole.Admin], []);

            // An open DLP alert and a custom detector in Acme.
            var dlp = new DlpCommands(factory, clock);
            var customDetector = await dlp.AddCustomDetectorAsync(seed, acme, "Project names", "PRJ-[0-9]{4}", AdminConsole.Domain.Model.Dlp.DlpSeverity.Medium, "see PRJ-1234");
            var alert = AdminConsole.Domain.Model.Dlp.DlpAlert.Raise(acme, null, AdminConsole.Domain.Model.Dlp.DlpSource.AiOutput, 7,
                new AdminConsole.Domain.Model.Dlp.DlpFinding(AdminConsole.Domain.Model.Dlp.DlpDetectors.PaymentCard, AdminConsole.Domain.Model.Dlp.DlpSeverity.High, 3, 19, "4111 **** **** 1111"), "Payment card", Now);
            await using (var db = database.CreateContext())
            {
                db.DlpAlerts.Add(alert);
                await db.SaveChangesAsync();
            }

            // Umbrella (Enterprise, Wanda's too) has a DLP hook with a dead letter.
            var umbrella = await commands.CreateAsync(seed, "Umbrella", Plan.Enterprise, DataRegion.US);
            await commands.AssignAdministratorAsync(seed, umbrella, OwnAdmin.ObjectId);
            var (hookId, _) = await new DlpHookCommands(factory, clock, new ReversibleTestSealer(), new AdminConsole.Domain.Model.Dlp.Hooks.HookAddressRules([]))
                .CreateAsync(seed, umbrella, "Partner DLP", "https://dlp.partner.example/hooks", [AdminConsole.Domain.Model.Dlp.Hooks.DlpHookEvents.AlertCreated]);
            Guid deadLetter;
            await using (var db = database.CreateContext())
            {
                var hook = await db.DlpHooks.SingleAsync(h => h.Id == hookId);
                var delivery = AdminConsole.Domain.Model.Dlp.Hooks.DlpHookDelivery.Create(hook, AdminConsole.Domain.Model.Dlp.Hooks.DlpHookEvents.AlertCreated, "alerts/1", new { n = 1 }, Now);
                delivery.MarkFailed(500, "HTTP 500", Now, Now.AddMinutes(1), 1, final: true);
                db.DlpHookDeliveries.Add(delivery);
                await db.SaveChangesAsync();
                deadLetter = delivery.Id;
            }

            // An authorized LLM provider with three models: one evaluated (passing, by Eve; proposed by Peter), one approved, one serving.
            var earlier = new FakeClock(Now.AddDays(-40));
            var llmRegistry = new SubprocessorCommands(factory, earlier, new SubprocessorOptions());
            var llm = await llmRegistry.ProposeAsync(seed, new SubprocessorDetails(
                "Anthropic PBC", "LLM inference", ProcessingCategory.Llm, ["Prompts"], ["US"], [], "DPA-2026-07", true, 0, RiskTier.High, null));
            await llmRegistry.PublishNoticeAsync(seed, llm, Now.AddDays(-5));
            await using (var db = database.CreateContext())
            {
                (await db.Subprocessors.SingleAsync(x => x.Id == llm)).Authorize(Now);
                await db.SaveChangesAsync();
            }

            var models = new ModelCommands(factory, clock);
            var peter = new AdminConsole.Domain.Model.Audit.AuditActor("peter", "Peter Proposer", ConsoleRoles.ComplianceOfficer, null);
            var eve = new AdminConsole.Domain.Model.Audit.AuditActor("eve", "Eve Evaluator", ConsoleRoles.ComplianceOfficer, null);
            var olga = new AdminConsole.Domain.Model.Audit.AuditActor("olga", "Olga Officer", ConsoleRoles.ComplianceOfficer, null);
            var evaluated = await models.ProposeAsync(peter, Proposal(llm, "2026-10-01"));
            var evaluation = await models.RecordEvaluationAsync(eve, evaluated, Evaluation(0.93), AdminConsole.Domain.Model.AiModels.ModelEvidence.Read("suite.csv", EvidenceBytes));
            var approved = await models.ProposeAsync(peter, Proposal(llm, "2026-11-01"));
            await models.RecordEvaluationAsync(eve, approved, Evaluation(0.94), AdminConsole.Domain.Model.AiModels.ModelEvidence.Read("suite.csv", EvidenceBytes));
            await models.ApproveAsync(olga, approved);
            var serving = await models.ProposeAsync(peter, Proposal(llm, "2026-09-01"));
            await models.RecordEvaluationAsync(eve, serving, Evaluation(0.92), AdminConsole.Domain.Model.AiModels.ModelEvidence.Read("suite.csv", EvidenceBytes));
            await models.ApproveAsync(olga, serving);
            await models.PutInProductionAsync(olga, serving);

            long acmeEntry;
            await using (var db = database.CreateContext())
                acmeEntry = await db.AuditEntries.Where(e => e.WorkspaceId == acme && e.Action == "workspace.created").MaxAsync(e => e.Sequence);
            var scene = new Scene(
                null!, null!, null!, null!, null!, null!, null!, null!, null!, null!, null!, null!, null!, null!, null!, null!,
                acme, team, member, key, acmeEntry, hold, deletedPage.Id, initech, vendor, notice, integration, alert.Id, customDetector, umbrella, hookId, deadLetter,
                null!, llm, evaluated, evaluation, approved, serving);
            return Over(database, scene);
        }

        /// <summary>The use cases over <paramref name="database"/> (a copy of the seeded one), with the seeded scene's ids.</summary>
        public static Scene Over(TestDatabase database, Scene seeded)
        {
            ArgumentNullException.ThrowIfNull(seeded);
            var factory = database.CreateFactory();
            var clock = new FakeClock(Now);
            var scheduler = new Scheduler();
            var registry = new SubprocessorCommands(factory, clock, new SubprocessorOptions());
            return seeded with
            {
                Workspaces = new WorkspaceUseCases(factory, new WorkspaceCommands(factory, clock)),
                ApiKeys = new ApiKeyUseCases(factory, new ApiKeyCommands(factory, clock)),
                Dashboards = new DashboardUseCases(factory, clock, []),
                Users = new UserUseCases(factory),
                Retention = new RetentionUseCases(factory, new RetentionPolicyCommands(factory, clock)),
                Posture = new PostureUseCases(factory, clock, []),
                Jobs = new JobUseCases(factory, scheduler),
                Reports = new ReportUseCases(factory, new AuditReportCommands(factory, clock), scheduler, clock, "audit-report-generation"),
                Audit = new AuditUseCases(factory, AdminConsole.Domain.Audit.AuditSealing.None),
                Lifecycle = new LifecycleUseCases(factory, new LifecycleCommands(factory, clock), clock),
                Subprocessors = new SubprocessorUseCases(factory, registry, new SubprocessorOptions(), scheduler, clock, "notice-dispatch"),
                Trust = new TrustUseCases(factory),
                AiSettings = new AiSettingsUseCases(factory, new AiSettingsCommands(factory, clock)),
                Dlp = new DlpUseCases(factory, new DlpCommands(factory, clock), clock),
                DlpHooks = new DlpHookUseCases(factory, new DlpHookCommands(factory, clock, new ReversibleTestSealer(), new AdminConsole.Domain.Model.Dlp.Hooks.HookAddressRules([]))),
                Models = new ModelUseCases(factory, new ModelCommands(factory, clock), new ModelOptions(), scheduler, clock, "notice-dispatch"),
                Scheduler = scheduler,
            };
        }
    }

    private static SubprocessorDetails Details(string name) =>
        new(name, "Vector search over customers' pages", ProcessingCategory.VectorStore, ["Embeddings"], ["US"], [], "DPA-2026-01", false, 30, RiskTier.Medium, null);

    /// <summary>The job host, as far as the use cases reach it: one job, and the runs started outside its schedule.</summary>
    private sealed class Scheduler : IJobScheduler
    {
        public const string Job = "trash-purge";

        private int _started;

        public IReadOnlyList<ScheduledJob> Schedule() => [new(Job, "retention", TimeSpan.FromHours(1), null, Now.AddHours(1))];

        public bool RunNow(string job)
        {
            Interlocked.Increment(ref _started);
            return true;
        }

        public override string ToString() => $"; runs started {_started}";
    }

    /// <summary>What the use cases could write: every accepted change adds an audit entry, and the rows they change.</summary>
    private static class Fingerprint
    {
        public static async Task<string> TakeAsync(TestDatabase database)
        {
            await using var db = database.CreateContext();
            var audit = await db.AuditEntries.CountAsync();
            var workspaces = await db.Workspaces.OrderBy(w => w.Name).Select(w => w.Name + "/" + w.Plan + "/" + w.UpdatedAt).ToListAsync();
            var teams = await db.Teams.CountAsync();
            var members = await db.Members.OrderBy(m => m.Email).Select(m => m.Email + "/" + m.Role).ToListAsync();
            var admins = await db.WorkspaceAdministrators.CountAsync();
            var keys = await db.ApiKeys.OrderBy(k => k.Name).Select(k => k.Name + "/" + (k.RevokedAt != null)).ToListAsync();
            var reports = await db.AuditReports.CountAsync();
            var registry = await db.Subprocessors.OrderBy(x => x.LegalName).Select(x => x.LegalName + "/" + x.Status + "/" + x.Reviews.Count).ToListAsync();
            var notices = await db.Notices.CountAsync();
            var dlpAlerts = await db.DlpAlerts.OrderBy(x => x.Id).Select(x => x.Status.ToString()).ToListAsync();
            var dlpSettings = await db.DlpSettings.OrderBy(x => x.Disabled).Select(x => x.Disabled + "/" + x.CustomDetectors.Count).ToListAsync();
            var ai = await db.AiSettings.OrderBy(x => x.WorkspaceId).Select(x => x.WorkspaceId + "/" + x.Version).ToListAsync();
            var holds = await db.LegalHolds.OrderBy(h => h.Reason).Select(h => h.Reason + "/" + (h.LiftedAt != null)).ToListAsync();
            var deleted = await db.Pages.CountAsync(p => p.DeletedAt != null);
            var statuses = await db.Workspaces.OrderBy(w => w.Name).Select(w => w.Name + "/" + w.Status).ToListAsync();
            var hooks = await db.DlpHooks.OrderBy(h => h.Name).Select(h => h.Name + "/" + h.Enabled + "/" + (h.PreviousSecretExpiresAt != null) + "/" + h.UpdatedAt).ToListAsync();
            var deliveries = await db.DlpHookDeliveries.OrderBy(d => d.MessageId).Select(d => d.EventType + "/" + d.Status + "/" + d.Attempts).ToListAsync();
            var models = await db.AiModels.OrderBy(m => m.Version).Select(m => m.Version + "/" + m.Stage + "/" + m.Region).ToListAsync();
            var evaluations = await db.ModelEvaluations.CountAsync() + "/" + await db.ModelEvidence.CountAsync();
            var retention = await db.RetentionPolicies.OrderBy(p => p.Plan).Select(p => p.Plan + "/" + p.Version).ToListAsync();
            return $"models {string.Join(',', models)} {evaluations}; hooks {string.Join(',', hooks)} {string.Join(',', deliveries)}; dlp {string.Join(',', dlpAlerts)} {string.Join(',', dlpSettings)}; ai {string.Join(',', ai)}; registry {string.Join(',', registry)}; notices {notices}; holds {string.Join(',', holds)}; deleted pages {deleted}; statuses {string.Join(',', statuses)}; reports {reports}; retention {string.Join(',', retention)}; audit {audit}; workspaces {string.Join(',', workspaces)}; teams {teams}; members {string.Join(',', members)}; admins {admins}; keys {string.Join(',', keys)}";
        }
    }
}
