using System.IO.Compression;
using PdfSharp.Pdf;

namespace AdminConsole.Jobs.Reports.Pdf;

/// <summary>
/// Compresses a finished page's content streams with .NET's zlib. PDFsharp's own content-stream compression (6.2 and 6.5)
/// leaves the deflate data unterminated (qpdf --check warns "input stream is complete but output may still be
/// valid"); compressing each page as soon as it is finished also keeps the document in memory small.
/// </summary>
internal static class ContentStreams
{
    public static void Compress(PdfPage page)
    {
        foreach (var content in page.Contents)
        {
            var stream = content.Stream;
            if (stream is null || content.Elements.ContainsKey(PdfDictionary.PdfStream.Keys.Filter))
            {
                continue;
            }

            var raw = stream.Value;
            using var buffer = new MemoryStream((raw.Length / 4) + 64);
            using (var zlib = new ZLibStream(buffer, CompressionLevel.Fastest, leaveOpen: true))
            {
                zlib.Write(raw);
            }

            stream.Value = buffer.ToArray();
            content.Elements.SetName(PdfDictionary.PdfStream.Keys.Filter, "/FlateDecode");
        }
    }
}
