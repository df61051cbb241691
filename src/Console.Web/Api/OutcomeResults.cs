namespace AdminConsole.Web.Api;

/// <summary>
/// The one mapping of a use case's outcome to HTTP: done as the endpoint says, not found 404, forbidden 403, a rule's
/// refusal 400 with problem details naming the field at fault. The pages map the same outcomes in
/// <see cref="Components.Ui.ConsoleActions"/>.
/// </summary>
internal static class OutcomeResults
{
    public static IResult ToHttp(Outcome outcome, Func<IResult> done)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        ArgumentNullException.ThrowIfNull(done);
        return outcome.Kind switch
        {
            OutcomeKind.Done => done(),
            OutcomeKind.NotFound => Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not found.", detail: outcome.Message),
            OutcomeKind.Forbidden => Results.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Forbidden.", detail: outcome.Message),
            _ => Results.ValidationProblem(
                new Dictionary<string, string[]> { [outcome.Field ?? string.Empty] = [outcome.Message ?? "Not accepted."] },
                title: "The change was refused; nothing was saved.",
                detail: outcome.Message),
        };
    }
}
