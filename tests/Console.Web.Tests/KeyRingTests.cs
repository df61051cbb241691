using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Xml.Linq;
using AdminConsole.Domain.Model.Dlp.Hooks;
using AdminConsole.Domain.Persistence;
using AdminConsole.Jobs.Notices;
using AdminConsole.TestSupport;
using AdminConsole.Web.Infrastructure;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace AdminConsole.Web.Tests;

/// <summary>
/// The Data Protection key ring in the database: keys stored by the console before its move to Data Protection's EF Core
/// repository still open what they protected, and with a certificate configured no key is readable in the database —
/// the attacker it names is whoever can read the database (a dump, a backup, the app's own connection string).
/// </summary>
public sealed class KeyRingTests : IDisposable
{
    private const string CookiePurpose = "Microsoft.AspNetCore.Authentication.Cookies.CookieAuthenticationMiddleware";
    private readonly string _folder = Directory.CreateTempSubdirectory("adminconsole-keyring-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task KeysStoredBeforeTheUpgrade_StillOpenASessionTicketAndASealedSecret(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using (var migrate = new ConsoleFactory(database, ownsDatabase: false))
            _ = migrate.Services; // migrated schema, no key yet

        // As the console wrote keys before: one row per key element, its XML unformatted, in data_protection_keys.
        var before = OldKeyRing(database);
        var ticket = CookieFormat(before).Protect(new AuthenticationTicket(
            new System.Security.Claims.ClaimsPrincipal(new System.Security.Claims.ClaimsIdentity([new("name", "Olivia Officer")], "Cookies")), "Cookies"));
        var sealedSecret = before.CreateProtector(AdminConsole.Jobs.Hooks.DataProtectionSecretSealer.Purpose).Protect("hook-secret");

        await using var upgraded = new ConsoleFactory(database, ownsDatabase: false);
        var keys = upgraded.Services.GetRequiredService<IDataProtectionProvider>();
        var opened = CookieFormat(keys).Unprotect(ticket);
        Assert.Equal("Olivia Officer", opened?.Principal.FindFirst("name")?.Value);
        Assert.Equal("hook-secret", upgraded.Services.GetRequiredService<ISecretSealer>().Unseal(sealedSecret));
        await using var db = database.CreateContext();
        Assert.Single(await db.DataProtectionKeys.ToListAsync());
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task WithACertificate_KeysAreEncryptedInTheDatabase_AndWhatTheyProtectedBeforeStillOpens(DatabaseProvider provider)
    {
        var certificate = WriteCertificate("keyring.pfx", RsaCertificate("CN=AdminConsole key ring"), "pfx-password");
        await using var database = await TestDatabase.CreateAsync(provider);

        // Before the certificate: a session, a notice link (its key sealed with Data Protection) and a sealed hook secret.
        string cookie, noticeToken, sealedSecret;
        var noticeId = Guid.NewGuid();
        var subscriptionId = Guid.NewGuid();
        await using (var plain = new ConsoleFactory(database, ownsDatabase: false))
        {
            using var client = await plain.CreateClientAsAsync("officer");
            cookie = await ConsoleFactory.CookieHeaderAsync(client);
            noticeToken = await plain.Services.GetRequiredService<NoticeLinks>().IssueAsync(noticeId, subscriptionId, DateTimeOffset.UtcNow, default);
            sealedSecret = plain.Services.GetRequiredService<ISecretSealer>().Seal("hook-secret");
        }

        // Until then, whoever reads the database can open (and so forge) a session cookie with the keys stored there.
        var sessionCookie = cookie.Split("; ").Select(c => c.Split('=', 2)).Single(c => c[0] == Auth.AuthenticationSetup.CookieName)[1];
        var plainKeys = await KeyXmlAsync(database);
        Assert.Contains(plainKeys, xml => xml.Contains("<masterKey", StringComparison.Ordinal));
        Assert.NotNull(CookieFormat(ReadOnlyKeyRing(plainKeys)).Unprotect(sessionCookie));

        await using var encrypted = new ConsoleFactory(database, settings: new Dictionary<string, string?>
        {
            ["DataProtection:CertificatePath"] = certificate,
            ["DataProtection:CertificatePassword"] = "pfx-password",
        }, ownsDatabase: false);
        using (var client = encrypted.CreateHttpsClient())
        {
            // Start-up encrypts the keys stored in plain text; a new key (this client's antiforgery) is encrypted as written.
            using var request = new HttpRequestMessage(HttpMethod.Get, "/");
            request.Headers.Add("Cookie", cookie);
            using var response = await client.SendAsync(request);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Contains("Olivia Officer", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        Assert.NotNull(await encrypted.Services.GetRequiredService<NoticeLinks>().ReadAsync(noticeToken, DateTimeOffset.UtcNow, default));
        Assert.Equal("hook-secret", encrypted.Services.GetRequiredService<ISecretSealer>().Unseal(sealedSecret));

        var stored = await KeyXmlAsync(database);
        Assert.NotEmpty(stored);
        Assert.All(stored, xml =>
        {
            Assert.DoesNotContain("<masterKey", xml, StringComparison.Ordinal);
            Assert.Contains("encryptedSecret", xml, StringComparison.Ordinal);
            Assert.Contains("EncryptedData", xml, StringComparison.Ordinal);
        });

        // Now what the database holds opens nothing without the certificate.
        Assert.Null(CookieFormat(ReadOnlyKeyRing(stored)).Unprotect(sessionCookie));
    }

    [Fact]
    public async Task AKeyRingCertificateThatCannotBeUsed_StopsTheStart_NamingTheProblem()
    {
        var noKey = Path.Combine(_folder, "public-only.pfx");
        using (var rsa = RsaCertificate("CN=public only"))
            await File.WriteAllBytesAsync(noKey, X509CertificateLoader.LoadCertificate(rsa.Export(X509ContentType.Cert)).Export(X509ContentType.Pkcs12));
        using var ecdsaKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var ecdsa = WriteCertificate("ecdsa.pfx",
            new CertificateRequest("CN=ecdsa", ecdsaKey, HashAlgorithmName.SHA256).CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1)), "pw");
        var rsaFile = WriteCertificate("rsa.pfx", RsaCertificate("CN=rsa"), "right");

        var cases = new (Dictionary<string, string?> Settings, string Expected)[]
        {
            (new() { ["DataProtection:CertificatePath"] = Path.Combine(_folder, "missing.pfx") }, "(DataProtection:CertificatePath) does not exist"),
            (new() { ["DataProtection:CertificatePath"] = rsaFile, ["DataProtection:CertificatePassword"] = "wrong" }, "the password (DataProtection:CertificatePassword) is wrong"),
            (new() { ["DataProtection:CertificatePath"] = noKey }, "has no private key"),
            (new() { ["DataProtection:CertificatePath"] = ecdsa, ["DataProtection:CertificatePassword"] = "pw" }, "has no RSA key"),
            (new() { ["DataProtection:CertificatePath"] = rsaFile, ["DataProtection:CertificatePassword"] = "right", ["DataProtection:PreviousCertificates:0:CertificatePath"] = Path.Combine(_folder, "old.pfx") },
                "(DataProtection:PreviousCertificates:0:CertificatePath) does not exist"),
        };
        foreach (var (settings, expected) in cases)
        {
            var error = StartupSettingsTests.RefusedStart("Development", settings);
            Assert.Contains(expected, Assert.Single(error.Problems), StringComparison.Ordinal);
            Assert.DoesNotContain("right", error.Message, StringComparison.Ordinal);
        }
    }

    private static TicketDataFormat CookieFormat(IDataProtectionProvider keys) => new(keys.CreateProtector(CookiePurpose, "Cookies", "v2"));

    private static X509Certificate2 RsaCertificate(string subject)
    {
        using var key = RSA.Create(2048);
        return new CertificateRequest(subject, key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1)
            .CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1));
    }

    private string WriteCertificate(string name, X509Certificate2 certificate, string password)
    {
        using (certificate)
        {
            var path = Path.Combine(_folder, name);
            File.WriteAllBytes(path, certificate.Export(X509ContentType.Pkcs12, password));
            return path;
        }
    }

    private static async Task<List<string>> KeyXmlAsync(TestDatabase database)
    {
        await using var db = database.CreateContext();
        return await db.DataProtectionKeys.AsNoTracking().OrderBy(k => k.Id).Select(k => k.Xml!).ToListAsync();
    }

    /// <summary>Data Protection as the console set it up before: keys written to the table by a repository of its own.</summary>
    private static IDataProtectionProvider OldKeyRing(TestDatabase database)
    {
        var services = new ServiceCollection();
        services.AddDataProtection().SetApplicationName(KeyRing.ApplicationName);
        services.Configure<KeyManagementOptions>(o => o.XmlRepository = new OldRepository(database));
        return services.BuildServiceProvider().GetRequiredService<IDataProtectionProvider>();
    }

    /// <summary>What someone holding the database but not the certificate can build from the stored keys.</summary>
    private static IDataProtectionProvider ReadOnlyKeyRing(IEnumerable<string> keys)
    {
        var services = new ServiceCollection();
        services.AddDataProtection().SetApplicationName(KeyRing.ApplicationName);
        services.Configure<KeyManagementOptions>(o =>
        {
            o.XmlRepository = new ReadOnlyRepository([.. keys.Select(k => XElement.Parse(k))]);
            o.AutoGenerateKeys = false;
        });
        return services.BuildServiceProvider().GetRequiredService<IDataProtectionProvider>();
    }

    private sealed class OldRepository(TestDatabase database) : IXmlRepository
    {
        public IReadOnlyCollection<XElement> GetAllElements()
        {
            using var db = database.CreateContext();
            return [.. db.DataProtectionKeys.AsNoTracking().OrderBy(k => k.Id).Select(k => k.Xml!).ToList().Select(x => XElement.Parse(x))];
        }

        public void StoreElement(XElement element, string friendlyName)
        {
            using var db = database.CreateContext();
            db.Database.ExecuteSql($"INSERT INTO data_protection_keys (\"FriendlyName\", \"Xml\") VALUES ({friendlyName}, {element.ToString(SaveOptions.DisableFormatting)})");
        }
    }

    private sealed class ReadOnlyRepository(IReadOnlyCollection<XElement> keys) : IXmlRepository
    {
        public IReadOnlyCollection<XElement> GetAllElements() => keys;

        public void StoreElement(XElement element, string friendlyName) => throw new NotSupportedException("Only reads keys.");
    }
}
