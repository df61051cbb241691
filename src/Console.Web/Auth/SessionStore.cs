using System.Security.Claims;
using AdminConsole.Domain.Model.Access;
using AdminConsole.Domain.Model.Audit;
using AdminConsole.Domain.Persistence;
using Microsoft.EntityFrameworkCore;

namespace AdminConsole.Web.Auth;

/// <summary>
/// Sign-in and sign-out on the console's side: the user row (who has signed in, with which roles), the
/// session the cookie points at, and an audit entry for each.
/// </summary>
public sealed class SessionStore(IDbContextFactory<ConsoleDbContext> dbFactory, TimeProvider clock, SessionOptions options)
{
    /// <summary>Turns a provider's principal into the console's, recording the user and starting a session.</summary>
    public async Task<ClaimsPrincipal> StartAsync(ClaimsPrincipal external, string? sourceIp, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(external);
        if (!Guid.TryParse(external.FindFirst("oid")?.Value, out var oid) || oid == Guid.Empty)
            throw new InvalidOperationException("The sign-in carried no 'oid' claim.");
        Guid? tenant = Guid.TryParse(external.FindFirst("tid")?.Value, out var tid) ? tid : null;
        var name = external.FindFirst("name")?.Value;
        var email = external.FindFirst("email")?.Value ?? external.FindFirst("preferred_username")?.Value;
        var roles = external.FindAll("roles").Select(c => c.Value).Where(ConsoleRoles.IsKnown).ToList();

        var now = clock.GetUtcNow();
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        var user = await db.Users.SingleOrDefaultAsync(u => u.ObjectId == oid, cancellationToken).ConfigureAwait(false);
        if (user is null)
        {
            user = ConsoleUser.FirstSignIn(oid, tenant, name, email, roles, now);
            db.Users.Add(user);
        }
        else
        {
            user.RecordSignIn(tenant, name, email, roles, now);
        }

        var session = UserSession.Start(oid, now, options.MaxLifetime);
        db.UserSessions.Add(session);
        var actor = new AuditActor(oid.ToString(), user.DisplayName, ConsoleRoles.Main(roles) ?? "none", sourceIp);
        db.Audit(actor, new AuditRecord("user.signed-in", "User", oid.ToString(), null, null, new { user.DisplayName, user.Email, Roles = user.RoleList }), now);
        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);

        return new ClaimsPrincipal(ConsoleClaims.CreateIdentity(oid, tenant, user.DisplayName, user.Email, roles, session.Id));
    }

    public async Task<bool> IsActiveAsync(string? sessionId, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(sessionId))
            return false;
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        var session = await db.UserSessions.AsNoTracking().SingleOrDefaultAsync(s => s.Id == sessionId, cancellationToken).ConfigureAwait(false);
        return session is not null && session.IsActive(clock.GetUtcNow());
    }

    public async Task EndAsync(ClaimsPrincipal user, string? sourceIp, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(user);
        var sessionId = user.GetSessionId();
        if (sessionId is null)
            return;
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        var session = await db.UserSessions.SingleOrDefaultAsync(s => s.Id == sessionId, cancellationToken).ConfigureAwait(false);
        if (session is null || session.EndedAt is not null)
            return;
        var now = clock.GetUtcNow();
        session.End(now);
        var oid = user.GetObjectId()?.ToString() ?? string.Empty;
        var actor = new AuditActor(oid, user.GetDisplayName(), user.GetMainRole() ?? "none", sourceIp);
        db.Audit(actor, new AuditRecord("user.signed-out", "User", oid, null, null, null), now);
        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
    }
}

public sealed class SessionOptions
{
    /// <summary>Idle time after which the cookie expires (renewed while in use).</summary>
    public TimeSpan IdleTimeout { get; set; } = TimeSpan.FromHours(1);

    /// <summary>A session ends this long after sign-in, however active.</summary>
    public TimeSpan MaxLifetime { get; set; } = TimeSpan.FromHours(12);

    /// <summary>How often an open Blazor circuit re-checks that its session is still active.</summary>
    public TimeSpan RevalidationInterval { get; set; } = TimeSpan.FromSeconds(30);
}
