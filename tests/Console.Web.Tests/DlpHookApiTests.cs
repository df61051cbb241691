using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using AdminConsole.Domain.Model.Api;
using AdminConsole.Domain.Persistence;
using Microsoft.EntityFrameworkCore;

namespace AdminConsole.Web.Tests;

/// <summary>DLP hooks through the API: Enterprise only, the secret in the creating answer only, bad input refused whole.</summary>
public sealed class DlpHookApiTests
{
    private const string V1 = "/api/v1/workspaces/";

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task ABusinessWorkspace_CannotAddAHook_AndIsToldWhy(DatabaseProvider provider)
    {
        await using var api = await ApiHarness.StartAsync(provider);
        using var client = await api.ClientForAsync(api.A, ApiScopes.HooksManage);

        using var response = await client.PostAsJsonAsync($"{V1}{api.A}/dlp-hooks", Hook("https://dlp.partner.example/hooks"));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Contains("Enterprise plan", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Contains("Business", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        await using var db = api.Db();
        Assert.Equal(0, await db.DlpHooks.CountAsync());
        Assert.False(await db.AuditEntries.AnyAsync(e => e.Action.StartsWith("dlp-hook.")));
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task AnEnterpriseWorkspace_AddsAHook_GetsItsSecretOnce_AndListsItWithoutTheSecret(DatabaseProvider provider)
    {
        await using var api = await ApiHarness.StartAsync(provider);
        using var client = await api.ClientForAsync(api.B, ApiScopes.HooksManage);

        using var created = await client.PostAsJsonAsync($"{V1}{api.B}/dlp-hooks", Hook("https://dlp.partner.example/hooks"));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var answer = await created.Content.ReadFromJsonAsync<JsonElement>();
        var secret = answer.GetProperty("secret").GetString()!;
        Assert.StartsWith("whsec_", secret, StringComparison.Ordinal);

        var listed = await client.GetStringAsync(new Uri($"{V1}{api.B}/dlp-hooks", UriKind.Relative));
        Assert.Contains("https://dlp.partner.example/hooks", listed, StringComparison.Ordinal);
        Assert.DoesNotContain(secret, listed, StringComparison.Ordinal);
        Assert.DoesNotContain(secret["whsec_".Length..], listed, StringComparison.Ordinal);

        using var deleted = await client.DeleteAsync(new Uri($"{V1}{api.B}/dlp-hooks/{answer.GetProperty("id").GetGuid()}", UriKind.Relative));
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        await using var db = api.Db();
        Assert.Equal(0, await db.DlpHooks.CountAsync());
        Assert.DoesNotContain(await db.AuditEntries.Select(e => e.After + " " + e.Before).ToListAsync(), text => text.Contains(secret["whsec_".Length..], StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task BadHooks_Are400ProblemsNamingTheField_TooBigIs413_AndNothingIsSaved(DatabaseProvider provider)
    {
        await using var api = await ApiHarness.StartAsync(provider);
        using var client = await api.ClientForAsync(api.B, ApiScopes.HooksManage);

        foreach (var (body, field) in new (object Body, string Field)[]
        {
            (Hook("http://dlp.partner.example/hooks"), "url"),
            (Hook("not a url"), "url"),
            (Hook("https://dlp.partner.example/hooks", "dlp.everything"), "events"),
            (new { name = "", url = "https://dlp.partner.example/hooks", events = new[] { "dlp.test" } }, "name"),
        })
        {
            using var response = await client.PostAsJsonAsync($"{V1}{api.B}/dlp-hooks", body);
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
            Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), $"{field}: {problem}");
        }

        using var malformed = await client.PostAsync(new Uri($"{V1}{api.B}/dlp-hooks", UriKind.Relative), new StringContent("{\"name\": ", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, malformed.StatusCode);
        using var huge = await client.PostAsync(
            new Uri($"{V1}{api.B}/dlp-hooks", UriKind.Relative),
            new StringContent(JsonSerializer.Serialize(new { name = new string('x', 70_000) }), Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, huge.StatusCode);
        await using var db = api.Db();
        Assert.Equal(0, await db.DlpHooks.CountAsync());
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    public async Task AKeyWithoutTheHooksScope_Is403(DatabaseProvider provider)
    {
        await using var api = await ApiHarness.StartAsync(provider);
        using var client = await api.ClientForAsync(api.B, ApiScopes.EventsWrite);

        using var response = await client.PostAsJsonAsync($"{V1}{api.B}/dlp-hooks", Hook("https://dlp.partner.example/hooks"));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Contains(ApiScopes.HooksManage, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    private static object Hook(string url, string events = "dlp.alert.created") => new { name = "Partner DLP", url, events = new[] { events } };
}
