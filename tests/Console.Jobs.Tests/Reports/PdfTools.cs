using System.Diagnostics;

namespace AdminConsole.Jobs.Tests.Reports;

/// <summary>The real tools an auditor's machine would read a report with: poppler's pdftotext/pdfsig/pdftoppm and qpdf.</summary>
internal static class PdfTools
{
    public static ToolResult Run(string tool, params string[] arguments)
    {
        var package = tool == "qpdf" ? "qpdf" : "poppler-utils";
        var start = new ProcessStartInfo(tool)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        Process process;
        try
        {
            process = Process.Start(start) ?? throw new InvalidOperationException($"{tool} did not start.");
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new InvalidOperationException($"'{tool}' is not installed: install Debian's {package} package (apt-get install -y {package}).", e);
        }

        using (process)
        {
            var output = process.StandardOutput.ReadToEndAsync();
            var error = process.StandardError.ReadToEndAsync();
            if (!process.WaitForExit(TimeSpan.FromMinutes(2)))
            {
                process.Kill(entireProcessTree: true);
                throw new TimeoutException($"{tool} {string.Join(' ', arguments)} did not finish in 2 minutes.");
            }

            return new ToolResult(process.ExitCode, output.GetAwaiter().GetResult(), error.GetAwaiter().GetResult());
        }
    }

    /// <summary>The text of each page, as pdftotext -layout lays it out.</summary>
    public static List<string> PagesText(string pdf)
    {
        var result = Run("pdftotext", "-layout", "-enc", "UTF-8", pdf, "-");
        Assert.True(result.ExitCode == 0, $"pdftotext failed: {result.Error}");
        var pages = result.Output.Split('\f').ToList();
        if (pages.Count > 0 && string.IsNullOrWhiteSpace(pages[^1]))
        {
            pages.RemoveAt(pages.Count - 1);
        }

        return pages;
    }

    /// <summary>Each page's width and height in points, as pdfinfo reads them.</summary>
    public static List<(double Width, double Height)> PageSizes(string pdf)
    {
        var result = Run("pdfinfo", "-f", "1", "-l", PageCount(pdf).ToString(System.Globalization.CultureInfo.InvariantCulture), pdf);
        Assert.True(result.ExitCode == 0, $"pdfinfo failed: {result.Error}");
        return System.Text.RegularExpressions.Regex.Matches(result.Output, @"Page\s+\d+ size:\s+([\d.]+) x ([\d.]+) pts")
            .Select(m => (double.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture), double.Parse(m.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture)))
            .ToList();
    }

    public static int PageCount(string pdf)
    {
        var result = Run("qpdf", "--show-npages", pdf);
        Assert.True(result.ExitCode == 0, $"qpdf --show-npages failed: {result.Error}");
        return int.Parse(result.Output.Trim(), System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>The repository's root (where AdminConsole.sln is), for the git-ignored artifacts folder.</summary>
    public static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "AdminConsole.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"No AdminConsole.sln above {AppContext.BaseDirectory}.");
    }
}

internal sealed record ToolResult(int ExitCode, string Output, string Error);
