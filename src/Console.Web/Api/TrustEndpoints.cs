using System.Text;
using System.Xml;
using AdminConsole.Domain.Persistence;
using AdminConsole.Domain.Queries;
using AdminConsole.Jobs.Mail;

namespace AdminConsole.Web.Api;

/// <summary>The public subprocessor list and the AI models in use as JSON, and the notices as an Atom feed (RFC 4287), for anyone.</summary>
internal static class TrustEndpoints
{
    public const string JsonPath = "/trust/subprocessors.json";
    public const string AtomPath = "/trust/subprocessors.atom";

    public static void MapTrustEndpoints(this IEndpointRouteBuilder endpoints)
    {
        var trust = endpoints.MapGroup(string.Empty).AllowAnonymous().ExcludeFromDescription();
        trust.MapGet(JsonPath, JsonAsync);
        trust.MapGet(AtomPath, AtomAsync);
    }

    private static async Task<IResult> JsonAsync(HttpContext context, ConsoleDbContext db, TimeProvider clock)
    {
        context.Response.Headers.CacheControl = "public, max-age=300";
        var subprocessors = await TrustQuery.SubprocessorsAsync(db, context.RequestAborted);
        var models = await TrustQuery.ModelsAsync(db, context.RequestAborted);
        return Results.Json(new { generatedAt = clock.GetUtcNow(), subprocessors, models });
    }

    /// <remarks>
    /// Written as UTF-8 bytes, so the XML declaration names the encoding the bytes are in (a string writer would declare
    /// UTF-16). Links come from the configured public address, never from the request's Host header: the feed is
    /// cached publicly, and a forged Host would otherwise be served to everyone behind the cache.
    /// </remarks>
    private static async Task<IResult> AtomAsync(HttpContext context, ConsoleDbContext db, TimeProvider clock, MailOptions mail)
    {
        var notices = await TrustQuery.NoticesAsync(db, context.RequestAborted);
        var origin = mail.SiteUrl.AbsoluteUri.TrimEnd('/');
        using var output = new MemoryStream();
        var settings = new XmlWriterSettings { Async = true, Encoding = new UTF8Encoding(false), Indent = true };
        await using (var writer = XmlWriter.Create(output, settings))
        {
            const string atom = "http://www.w3.org/2005/Atom";
            await writer.WriteStartDocumentAsync();
            writer.WriteStartElement("feed", atom);
            writer.WriteElementString("id", atom, origin + AtomPath);
            writer.WriteElementString("title", atom, "Subprocessor and AI model notices");
            writer.WriteElementString("subtitle", atom, "Changes to the subprocessors that process customer data for our AI features, published before they take effect, and the AI models entering or leaving production.");
            writer.WriteElementString("updated", atom, XmlConvert.ToString((notices.Count > 0 ? notices[0].PublishedAt : clock.GetUtcNow()).UtcDateTime, XmlDateTimeSerializationMode.Utc));
            Link(writer, atom, "self", origin + AtomPath, "application/atom+xml");
            Link(writer, atom, "alternate", origin + "/trust", "text/html");
            writer.WriteStartElement("author", atom);
            writer.WriteElementString("name", atom, "Trust & Compliance");
            writer.WriteEndElement();
            foreach (var notice in notices)
            {
                writer.WriteStartElement("entry", atom);
                writer.WriteElementString("id", atom, $"urn:uuid:{notice.Id}");
                writer.WriteElementString("title", atom, notice.Title);
                var published = XmlConvert.ToString(notice.PublishedAt.UtcDateTime, XmlDateTimeSerializationMode.Utc);
                writer.WriteElementString("published", atom, published);
                writer.WriteElementString("updated", atom, published);
                Link(writer, atom, "alternate", origin + "/trust", "text/html");
                writer.WriteStartElement("category", atom);
                writer.WriteAttributeString("term", notice.Kind);
                writer.WriteEndElement();
                writer.WriteStartElement("summary", atom);
                writer.WriteAttributeString("type", "text");
                writer.WriteString(notice.Summary);
                writer.WriteEndElement();
                writer.WriteEndElement();
            }

            writer.WriteEndElement();
            await writer.WriteEndDocumentAsync();
        }

        context.Response.Headers.CacheControl = "public, max-age=300";
        return Results.Bytes(output.ToArray(), "application/atom+xml; charset=utf-8");
    }

    private static void Link(XmlWriter writer, string ns, string rel, string href, string type)
    {
        writer.WriteStartElement("link", ns);
        writer.WriteAttributeString("rel", rel);
        writer.WriteAttributeString("href", href);
        writer.WriteAttributeString("type", type);
        writer.WriteEndElement();
    }
}
