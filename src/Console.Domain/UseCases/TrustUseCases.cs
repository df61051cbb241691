using AdminConsole.Domain.Access;
using AdminConsole.Domain.Persistence;
using AdminConsole.Domain.Queries;
using Microsoft.EntityFrameworkCore;

namespace AdminConsole.Domain.UseCases;

/// <summary>
/// The public trust page: the subprocessors customers are told about (upcoming and authorized) and the AI models in
/// production, for anyone, signed in or not. It shows what the registry publishes and nothing else (no risk tier, no review, no proposed subprocessor).
/// </summary>
public sealed class TrustUseCases(IDbContextFactory<ConsoleDbContext> dbFactory)
{
    public async Task<Outcome<IReadOnlyList<PublicSubprocessor>>> SubprocessorsAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        return Outcome.Done(await TrustQuery.SubprocessorsAsync(db, cancellationToken).ConfigureAwait(false));
    }

    /// <summary>The AI models in production, with their provider, purpose, region and the provider's retention.</summary>
    public async Task<Outcome<IReadOnlyList<PublicModel>>> ModelsAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        return Outcome.Done(await TrustQuery.ModelsAsync(db, cancellationToken).ConfigureAwait(false));
    }
}
