using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Reflection;
using System.Text;

namespace AdminConsole.TestSupport;

/// <summary>The console as its own process on Kestrel, bound to a free loopback port, over a test database.</summary>
public sealed class ConsoleServer : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output;
    private int _disposed;

    private ConsoleServer(Process process, StringBuilder output, Uri baseAddress)
    {
        _process = process;
        _output = output;
        BaseAddress = baseAddress;
    }

    public Uri BaseAddress { get; }

    public string Output
    {
        get
        {
            lock (_output)
                return _output.ToString();
        }
    }

    public static string RepositoryRoot { get; } = FindRepositoryRoot();

    /// <summary>The server process id, for measuring its memory.</summary>
    public int ProcessId => _process.Id;

    public static async Task<ConsoleServer> StartAsync(TestDatabase database, IDictionary<string, string>? environment = null, int? port = null)
    {
        ArgumentNullException.ThrowIfNull(database);

        // The app built in the same configuration as the caller: Debug for the tests, Release for the benchmarks.
        var configuration = typeof(ConsoleServer).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Debug";
        var projectDir = Path.Combine(RepositoryRoot, "src", "Console.Web");
        var dll = Path.Combine(projectDir, "bin", configuration, "net10.0", "Console.Web.dll");
        if (!File.Exists(dll))
            throw new InvalidOperationException($"{dll} is missing: build the solution first.");

        var listenPort = port ?? FreePort();

        // https, as in production: the session cookie is Secure and __Host- prefixed.
        var baseAddress = new Uri($"https://127.0.0.1:{listenPort}/");
        var certificate = SelfSignedCertificate.Write(Path.Combine(Path.GetTempPath(), $"adminconsole-e2e-{listenPort}.pfx"));
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = projectDir,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(dll);
        start.ArgumentList.Add("--urls");
        start.ArgumentList.Add(baseAddress.ToString().TrimEnd('/'));
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Development";
        start.Environment["Database__Provider"] = database.Provider.ToString();
        if (database.Provider == Domain.Persistence.DatabaseProvider.Postgres)
        {
            // As production runs: migrations as the owner, the console as a role that may only add to the audit log.
            start.Environment["Database__MigrationConnectionString"] = database.ConnectionString;
            start.Environment["Database__ConnectionString"] = await database.CreateConsoleRoleAsync();
        }
        else
        {
            start.Environment["Database__ConnectionString"] = database.ConnectionString;
        }

        start.Environment["DemoData__Enabled"] = "false";
        start.Environment["Mail__PublicUrl"] = baseAddress.AbsoluteUri;
        start.Environment["Kestrel__Certificates__Default__Path"] = certificate.Path;
        start.Environment["Kestrel__Certificates__Default__Password"] = certificate.Password;
        start.Environment["Serilog__WriteTo__1__Args__path"] = Path.Combine(Path.GetTempPath(), $"adminconsole-e2e-{listenPort}-.log");
        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
            start.Environment[key] = value;

        var output = new StringBuilder();
        var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => Append(output, e.Data);
        process.ErrorDataReceived += (_, e) => Append(output, e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var server = new ConsoleServer(process, output, baseAddress);
        await server.WaitUntilHealthyAsync(TimeSpan.FromSeconds(90));
        return server;
    }

    /// <summary>Kills the process (SIGKILL: no shutdown of any kind); a second call does nothing.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
            return;
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }

    private async Task WaitUntilHealthyAsync(TimeSpan timeout)
    {
        using var handler = new HttpClientHandler { ServerCertificateCustomValidationCallback = (_, _, _, _) => true };
        using var client = new HttpClient(handler) { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(5) };
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited)
                throw new InvalidOperationException($"The console exited with code {_process.ExitCode}:\n{Output}");
            try
            {
                using var response = await client.GetAsync(new Uri("health", UriKind.Relative));
                if (response.StatusCode == HttpStatusCode.OK)
                    return;
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            catch (TaskCanceledException)
            {
                // Still starting.
            }

            await Task.Delay(50);
        }

        throw new TimeoutException($"The console did not become healthy within {timeout}:\n{Output}");
    }

    private static void Append(StringBuilder output, string? line)
    {
        if (line is null)
            return;
        lock (output)
            output.AppendLine(line);
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static string FindRepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "AdminConsole.sln")))
                return dir.FullName;
        }

        throw new InvalidOperationException("AdminConsole.sln not found above " + AppContext.BaseDirectory);
    }
}
