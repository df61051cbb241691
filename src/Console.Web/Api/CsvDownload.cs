using System.Text;
using Microsoft.Net.Http.Headers;

namespace AdminConsole.Web.Api;

/// <summary>
/// CSV downloads (RFC 4180, UTF-8): written page by page as the pages are read, so a large export never sits
/// in memory, with the cells a spreadsheet would run as formulas disarmed.
/// </summary>
internal static class CsvDownload
{
    /// <param name="nextPage">The page after the given last row (null: the first page); a short page is the last.</param>
    /// <param name="row">One row's line, its text cells passed through <see cref="Cell"/>.</param>
    public static async Task WriteAsync<T>(HttpContext context, string fileName, string header, int pageSize,
        Func<T?, CancellationToken, Task<List<T>>> nextPage, Func<T, string> row)
        where T : class
    {
        var disposition = new ContentDispositionHeaderValue("attachment");
        disposition.SetHttpFileName(fileName);
        context.Response.ContentType = "text/csv; charset=utf-8";
        context.Response.Headers.ContentDisposition = disposition.ToString();
        await using var writer = new StreamWriter(context.Response.Body, new UTF8Encoding(false)) { NewLine = "\r\n" };
        await writer.WriteLineAsync(header);
        T? last = null;
        while (true)
        {
            var page = await nextPage(last, context.RequestAborted);
            foreach (var item in page)
                await writer.WriteLineAsync(row(item));
            if (page.Count < pageSize)
                break;
            last = page[^1];
        }
    }

    /// <summary>RFC 4180 quoting, and a leading quote mark on values a spreadsheet would run as a formula.</summary>
    public static string Cell(string? value)
    {
        if (string.IsNullOrEmpty(value))
            return string.Empty;
        if (value[0] is '=' or '+' or '-' or '@' or '\t' or '\r')
            value = "'" + value;
        return value.IndexOfAny([',', '"', '\n', '\r']) >= 0 || value.StartsWith('\'') ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;
    }
}
