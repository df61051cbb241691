using System.Diagnostics;
using System.Security.Cryptography;
using System.Text.Json;

namespace AdminConsole.TestSupport;

/// <summary>
/// An independent DKIM verifier (npm mailauth, run by <c>peers/dkim-verify.mjs</c>) for messages as a server received
/// them, with the selector's DNS TXT record given instead of looked up.
/// </summary>
public static class DkimVerifierPeer
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public sealed record Signature(string? Result, string? Domain, string? Selector, string? SignedHeaders, string? Info);

    /// <summary>The TXT record a domain publishes for this key: <c>v=DKIM1; k=rsa; p=&lt;SubjectPublicKeyInfo, base64&gt;</c>.</summary>
    public static string Record(RSA key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return $"v=DKIM1; k=rsa; p={Convert.ToBase64String(key.ExportSubjectPublicKeyInfo())}";
    }

    public static async Task<IReadOnlyList<Signature>> VerifyAsync(byte[] raw, string recordName, string record)
    {
        var start = new ProcessStartInfo("node") { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(Path.Combine(ConsoleServer.RepositoryRoot, "tests", "Console.E2E", "peers", "dkim-verify.mjs"));
        start.Environment["DKIM_RECORD_NAME"] = recordName;
        start.Environment["DKIM_RECORD"] = record;
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        await process.StandardInput.BaseStream.WriteAsync(raw);
        process.StandardInput.Close();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"The DKIM verifier failed: {await errors}");
        return JsonSerializer.Deserialize<List<Signature>>(await output, Json)!;
    }
}
