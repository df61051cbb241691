using System.Xml.Linq;
using AdminConsole.TestSupport;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace AdminConsole.E2E;

/// <summary>
/// Opens a session cookie the way the console does: with the Data Protection keys it keeps in its database and the
/// cookie handler's ticket format, to show what the cookie carries.
/// </summary>
internal static class SessionCookieReader
{
    public static async Task<AuthenticationTicket> ReadAsync(TestDatabase database, string cookieValue)
    {
        await using var db = database.CreateContext();
        var keys = (await db.DataProtectionKeys.AsNoTracking().Select(k => k.Xml!).ToListAsync()).Select(x => XElement.Parse(x)).ToList();
        var services = new ServiceCollection();
        services.AddDataProtection().SetApplicationName("AdminConsole");
        services.Configure<KeyManagementOptions>(o =>
        {
            o.XmlRepository = new ReadOnlyKeys(keys);
            o.AutoGenerateKeys = false;
        });
        await using var provider = services.BuildServiceProvider();
        var protector = provider.GetRequiredService<IDataProtectionProvider>()
            .CreateProtector("Microsoft.AspNetCore.Authentication.Cookies.CookieAuthenticationMiddleware", "Cookies", "v2");
        return new TicketDataFormat(protector).Unprotect(cookieValue)
            ?? throw new InvalidOperationException("The session cookie could not be opened with the console's keys.");
    }

    private sealed class ReadOnlyKeys(IReadOnlyCollection<XElement> keys) : IXmlRepository
    {
        public IReadOnlyCollection<XElement> GetAllElements() => keys;

        public void StoreElement(XElement element, string friendlyName) => throw new NotSupportedException("The test only reads keys.");
    }
}
