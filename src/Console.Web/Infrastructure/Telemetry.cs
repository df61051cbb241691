using System.Security.Cryptography;
using System.Text;
using AdminConsole.Domain.Model.Access;
using AdminConsole.Domain.Telemetry;
using AdminConsole.Jobs;
using Npgsql;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace AdminConsole.Web.Infrastructure;

/// <summary>The <c>Telemetry</c> section: the Prometheus scraping endpoint. OTLP export follows the standard <c>OTEL_*</c> variables.</summary>
public sealed class TelemetryOptions
{
    public const string SectionName = "Telemetry";

    public PrometheusOptions Prometheus { get; set; } = new();
}

public sealed class PrometheusOptions
{
    /// <summary>Serves <see cref="Telemetry.MetricsPath"/> in Prometheus' text format. Off by default.</summary>
    public bool Enabled { get; set; }

    /// <summary>Lets anyone read the metrics outside Development (they name jobs and volumes, no customer data).</summary>
    public bool AllowAnonymous { get; set; }

    /// <summary>
    /// The SHA-256 (hex) of the bearer token a scraper sends (<c>Authorization: Bearer …</c>); the token itself is never
    /// stored. Without it, outside Development, only a signed-in Console.Admin reads the metrics.
    /// </summary>
    public string? ScrapeTokenSha256 { get; set; }

    public string? Problem()
    {
        if (ScrapeTokenSha256 is { } hash && (hash.Length != 64 || !hash.All(char.IsAsciiHexDigit)))
            return "Telemetry:Prometheus:ScrapeTokenSha256 must be the SHA-256 of the scrape token as 64 hexadecimal characters (e.g. `printf %s \"$TOKEN\" | sha256sum`).";
        return null;
    }
}

/// <summary>
/// OpenTelemetry for operators: traces and metrics of requests, outgoing HTTP (DLP hooks), PostgreSQL commands and the
/// console's own meter (<see cref="ConsoleMeter"/>). Exported over OTLP when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set,
/// and scraped at <c>/metrics</c> when <c>Telemetry:Prometheus:Enabled</c>. With neither, nothing is registered and
/// the console pays nothing for it.
/// </summary>
public static class Telemetry
{
    public const string MetricsPath = "/metrics";
    public const string ServiceName = "AdminConsole";

    public static void AddConsoleTelemetry(this WebApplicationBuilder builder, ICollection<string> problems)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(problems);
        var options = builder.Configuration.GetSection(TelemetryOptions.SectionName).Get<TelemetryOptions>() ?? new TelemetryOptions();
        if (options.Prometheus.Problem() is { } problem)
            problems.Add(problem);
        builder.Services.AddSingleton(options);
        var otlp = !string.IsNullOrWhiteSpace(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]);
        if (!otlp && !options.Prometheus.Enabled)
            return;

        var telemetry = builder.Services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService(ServiceName, serviceInstanceId: JobRunRecorder.Node))
            .WithMetrics(metrics =>
            {
                metrics.AddAspNetCoreInstrumentation().AddHttpClientInstrumentation().AddMeter(ConsoleMeter.Name, "Npgsql");
                if (options.Prometheus.Enabled)
                    metrics.AddPrometheusExporter(o => o.ScrapeResponseCacheDurationMilliseconds = 0);
            });
        if (otlp)
        {
            // Traces go to a collector only: Prometheus takes metrics. Query strings are redacted by the instrumentation.
            telemetry.WithTracing(tracing => tracing.AddAspNetCoreInstrumentation().AddHttpClientInstrumentation().AddNpgsql());
            telemetry.UseOtlpExporter();
        }
    }

    /// <summary>Maps <see cref="MetricsPath"/> when enabled, open to whom the settings allow.</summary>
    public static void MapConsoleMetrics(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var options = app.Services.GetRequiredService<TelemetryOptions>().Prometheus;
        if (!options.Enabled)
            return;
        var anonymous = options.AllowAnonymous || app.Environment.IsDevelopment();
        var tokenHash = options.ScrapeTokenSha256 is { } hex ? Convert.FromHexString(hex) : null;
        app.MapPrometheusScrapingEndpoint(MetricsPath, meterProvider: null, configureBranchedPipeline: branch => branch.Use(async (context, next) =>
        {
            if (anonymous || HoldsToken(context, tokenHash) || context.User.IsInRole(ConsoleRoles.Admin))
            {
                await next(context).ConfigureAwait(false);
                return;
            }

            var signedIn = context.User.Identity?.IsAuthenticated == true;
            context.Response.StatusCode = signedIn ? StatusCodes.Status403Forbidden : StatusCodes.Status401Unauthorized;
            if (!signedIn)
                context.Response.Headers.WWWAuthenticate = "Bearer realm=\"metrics\"";
            await context.Response.WriteAsync(signedIn ? "Metrics are for console admins." : "Metrics need a scrape token or a console admin's session.").ConfigureAwait(false);
        }), optionsName: null).AllowAnonymous();
    }

    private static bool HoldsToken(HttpContext context, byte[]? expected)
    {
        if (expected is null)
            return false;
        var header = context.Request.Headers.Authorization.ToString();
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
            return false;
        var presented = SHA256.HashData(Encoding.UTF8.GetBytes(header["Bearer ".Length..].Trim()));
        return CryptographicOperations.FixedTimeEquals(presented, expected);
    }
}
