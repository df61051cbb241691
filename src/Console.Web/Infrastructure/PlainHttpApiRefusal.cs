using Microsoft.AspNetCore.Mvc;

namespace AdminConsole.Web.Infrastructure;

/// <summary>
/// Outside Development an API request over plain http is refused, never redirected: its bearer key has already
/// crossed the network in clear, and a redirect would have the client send it again (and work, hiding the leak).
/// </summary>
internal sealed class PlainHttpApiRefusal(RequestDelegate next, IProblemDetailsService problemDetails)
{
    public async Task InvokeAsync(HttpContext context)
    {
        if (context.Request.IsHttps || !context.Request.Path.StartsWithSegments("/api", StringComparison.OrdinalIgnoreCase))
        {
            await next(context).ConfigureAwait(false);
            return;
        }

        context.Response.StatusCode = StatusCodes.Status400BadRequest;
        await problemDetails.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = new ProblemDetails
            {
                Status = StatusCodes.Status400BadRequest,
                Title = "HTTPS is required.",
                Detail = "The API answers over https only. A key sent over http has been exposed: revoke it and create another.",
                Type = "https://www.rfc-editor.org/rfc/rfc9110#section-15.5.1",
            },
        }).ConfigureAwait(false);
    }
}
