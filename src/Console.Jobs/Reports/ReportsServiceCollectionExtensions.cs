using AdminConsole.Domain.Reports;
using AdminConsole.Jobs.Reports.Pdf;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace AdminConsole.Jobs.Reports;

/// <summary>Registration of the report renderer.</summary>
public static class ReportsServiceCollectionExtensions
{
    /// <summary>
    /// Registers the PDF renderer as the <see cref="IReportRenderer"/>. It uses the <see cref="ReportOptions"/> the host
    /// registered (bound from the <c>Reports</c> section), or defaults — system fonts, no signing — when there are none.
    /// </summary>
    public static IServiceCollection AddPdfReports(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddLogging();
        services.TryAddSingleton(new ReportOptions());
        services.TryAddSingleton<IReportRenderer, PdfReportRenderer>();
        return services;
    }
}
