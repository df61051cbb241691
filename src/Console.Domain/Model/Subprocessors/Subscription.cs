using System.Security.Cryptography;
using System.Text;
using AdminConsole.Domain.Model.Common;

namespace AdminConsole.Domain.Model.Subprocessors;

public enum SubscriptionStatus
{
    Pending = 0,
    Confirmed = 1,
    Unsubscribed = 2,
}

public enum TokenPurpose
{
    Confirm = 0,
}

/// <summary>
/// A customer's subscription to subprocessor notices: pending until the emailed link confirms it (double opt-in),
/// then confirmed until unsubscribed. Links carry random tokens of which only a SHA-256 hash is stored.
/// </summary>
public sealed class Subscription
{
    public const int EmailMaxLength = 254;
    public const int CompanyMaxLength = 200;

    /// <summary>A confirmation link works this long, once.</summary>
    public static readonly TimeSpan ConfirmTokenLifetime = TimeSpan.FromDays(2);

    private readonly List<SubscriptionToken> _tokens = [];

    private Subscription()
    {
        Email = NormalizedEmail = string.Empty;
    }

    public Guid Id { get; private set; }

    public string Email { get; private set; }

    /// <summary>Lower-case email: one subscription per address, whatever its casing.</summary>
    public string NormalizedEmail { get; private set; }

    public string? Company { get; private set; }

    public SubscriptionStatus Status { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public DateTimeOffset? ConfirmedAt { get; private set; }

    public DateTimeOffset? UnsubscribedAt { get; private set; }

    public IReadOnlyCollection<SubscriptionToken> Tokens => _tokens.AsReadOnly();

    public static string Normalize(string? email) => Guard.Email(email, nameof(Email), EmailMaxLength).ToLowerInvariant();

    /// <summary>A new, pending subscription and the confirmation token to email (returned once, stored hashed).</summary>
    public static (Subscription Subscription, string ConfirmToken) Request(string? email, string? company, DateTimeOffset now)
    {
        var address = Guard.Email(email, nameof(Email), EmailMaxLength);
        var subscription = new Subscription
        {
            Id = Guid.NewGuid(),
            Email = address,
            NormalizedEmail = address.ToLowerInvariant(),
            Company = string.IsNullOrWhiteSpace(company) ? null : Guard.Text(company, nameof(Company), "Company", CompanyMaxLength),
            Status = SubscriptionStatus.Pending,
            CreatedAt = now,
        };
        return (subscription, subscription.Issue(TokenPurpose.Confirm, now, ConfirmTokenLifetime));
    }

    /// <summary>Someone asks again (pending or unsubscribed): a fresh confirmation token, earlier ones revoked.</summary>
    public string RequestAgain(string? company, DateTimeOffset now)
    {
        if (Status == SubscriptionStatus.Confirmed)
            throw new DomainRuleException(nameof(Status), "The subscription is already confirmed.");
        foreach (var token in _tokens.Where(t => t.Purpose == TokenPurpose.Confirm && t.UsedAt is null))
            token.Revoke(now);
        if (!string.IsNullOrWhiteSpace(company))
            Company = Guard.Text(company, nameof(Company), "Company", CompanyMaxLength);
        Status = SubscriptionStatus.Pending;
        UnsubscribedAt = null;
        return Issue(TokenPurpose.Confirm, now, ConfirmTokenLifetime);
    }

    /// <summary>Confirms with the emailed token: unknown, expired, reused or revoked tokens are refused alike.</summary>
    public void Confirm(string? token, DateTimeOffset now)
    {
        Use(token, TokenPurpose.Confirm, now);
        Status = SubscriptionStatus.Confirmed;
        ConfirmedAt = now;
    }

    /// <summary>Stops all further notices (through a notice's link); false when it was already stopped.</summary>
    public bool Unsubscribe(DateTimeOffset now)
    {
        if (Status == SubscriptionStatus.Unsubscribed)
            return false;
        foreach (var token in _tokens.Where(t => t.UsedAt is null))
            token.Revoke(now);
        Status = SubscriptionStatus.Unsubscribed;
        UnsubscribedAt = now;
        return true;
    }

    public static string Hash(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    /// <summary>32 random bytes, URL-safe: what a link carries. Only <see cref="Hash"/> of it is ever stored.</summary>
    public static string NewToken() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private string Issue(TokenPurpose purpose, DateTimeOffset now, TimeSpan lifetime)
    {
        var token = NewToken();
        _tokens.Add(new SubscriptionToken(Id, purpose, Hash(token), now, now + lifetime));
        return token;
    }

    private void Use(string? token, TokenPurpose purpose, DateTimeOffset now)
    {
        var hash = string.IsNullOrEmpty(token) ? null : Hash(token);
        var match = _tokens.SingleOrDefault(t => t.Purpose == purpose && hash is not null
            && CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(t.Hash), Encoding.ASCII.GetBytes(hash)));
        if (match is null || !match.IsUsable(now))
            throw new DomainRuleException("Token", "This link is not valid any more. Ask for a new one.");
        match.MarkUsed(now);
    }
}

/// <summary>A single-purpose, expiring token; only its hash is kept.</summary>
public sealed class SubscriptionToken
{
    private SubscriptionToken()
    {
        Hash = string.Empty;
    }

    internal SubscriptionToken(Guid subscriptionId, TokenPurpose purpose, string hash, DateTimeOffset now, DateTimeOffset expiresAt)
    {
        Id = Guid.NewGuid();
        SubscriptionId = subscriptionId;
        Purpose = purpose;
        Hash = hash;
        CreatedAt = now;
        ExpiresAt = expiresAt;
    }

    public Guid Id { get; private set; }

    public Guid SubscriptionId { get; private set; }

    public TokenPurpose Purpose { get; private set; }

    public string Hash { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public DateTimeOffset ExpiresAt { get; private set; }

    public DateTimeOffset? UsedAt { get; private set; }

    public DateTimeOffset? RevokedAt { get; private set; }

    internal bool IsUsable(DateTimeOffset now) => UsedAt is null && RevokedAt is null && now < ExpiresAt;

    internal void MarkUsed(DateTimeOffset now) => UsedAt = now;

    internal void Revoke(DateTimeOffset now) => RevokedAt ??= now;
}
