using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;

namespace AdminConsole.Web.Infrastructure;

/// <summary>An unhandled error becomes an RFC 9457 problem details body with a trace id, never a stack trace.</summary>
internal sealed partial class ProblemDetailsExceptionHandler(IProblemDetailsService problemDetails, ILogger<ProblemDetailsExceptionHandler> logger) : IExceptionHandler
{
    public ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        var path = httpContext.Request.Path.Value ?? "/";

        // A request the framework could not read (no form where a form is expected, a body too large): the client's
        // error, said as such. Development throws these instead of answering them, so they arrive here.
        if (exception is BadHttpRequestException bad)
        {
            LogBadRequest(logger, httpContext.Request.Method, path, bad.StatusCode);
            return WriteAsync(httpContext, new ProblemDetails
            {
                Status = bad.StatusCode,
                Title = "The request could not be read.",
                Detail = bad.StatusCode == StatusCodes.Status415UnsupportedMediaType ? "Send the form as application/x-www-form-urlencoded." : "Check the request's content and its type.",
            });
        }

        LogUnhandled(logger, httpContext.Request.Method, path, exception);
        return WriteAsync(
            httpContext,
            new ProblemDetails
            {
                Status = StatusCodes.Status500InternalServerError,
                Title = "An unexpected error occurred.",
                Detail = "The error was logged; quote the trace id when you report it.",
                Type = "https://www.rfc-editor.org/rfc/rfc9110#section-15.6.1",
            },
            exception);
    }

    private ValueTask<bool> WriteAsync(HttpContext httpContext, ProblemDetails problem, Exception? exception = null)
    {
        httpContext.Response.StatusCode = problem.Status!.Value;
        return problemDetails.TryWriteAsync(new ProblemDetailsContext { HttpContext = httpContext, ProblemDetails = problem, Exception = exception });
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Unreadable request {Method} {Path}: {Status}")]
    private static partial void LogBadRequest(ILogger logger, string method, string path, int status);

    [LoggerMessage(Level = LogLevel.Error, Message = "Unhandled error on {Method} {Path}")]
    private static partial void LogUnhandled(ILogger logger, string method, string path, Exception exception);
}
