namespace AdminConsole.Domain.Access;

/// <summary>How a use case ended. The web layer maps each kind once: to an HTTP status and to what a page shows.</summary>
public enum OutcomeKind
{
    /// <summary>Done as asked.</summary>
    Done,

    /// <summary>There is no such thing, or the user may not know that there is (another workspace's data).</summary>
    NotFound,

    /// <summary>The user may see it but may not do this.</summary>
    Forbidden,

    /// <summary>A rule of the domain refused the input or the change; <see cref="Outcome.Field"/> names what to correct.</summary>
    Refused,
}

/// <summary>
/// The result of a use case: done, not found, forbidden, or refused by a rule. A use case that does not end
/// <see cref="OutcomeKind.Done"/> has written nothing.
/// </summary>
public class Outcome
{
    protected Outcome(OutcomeKind kind, string? message, string? field)
    {
        Kind = kind;
        Message = message;
        Field = field;
    }

    public OutcomeKind Kind { get; }

    /// <summary>What to tell the person: the refusal's reason, or a confirmation for a done change.</summary>
    public string? Message { get; }

    /// <summary>The input a refusal is about (the domain's field name), or null when it is about the whole change.</summary>
    public string? Field { get; }

    public bool Succeeded => Kind == OutcomeKind.Done;

    public static Outcome Done(string? message = null) => new(OutcomeKind.Done, message, null);

    public static Outcome<T> Done<T>(T value, string? message = null) => new(value, OutcomeKind.Done, message, null);

    public static Outcome NotFound(string message) => new(OutcomeKind.NotFound, message, null);

    public static Outcome Forbidden(string message) => new(OutcomeKind.Forbidden, message, null);

    public static Outcome Refused(string? field, string message) => new(OutcomeKind.Refused, message, string.IsNullOrEmpty(field) ? null : field);

    /// <summary>This outcome, not done, as the outcome of a use case that returns a value.</summary>
    public Outcome<T> As<T>() =>
        Succeeded ? throw new InvalidOperationException("A done outcome has a value of its own.") : new(default!, Kind, Message, Field);

    public override string ToString() => Field is null ? $"{Kind}: {Message}" : $"{Kind} ({Field}): {Message}";
}

/// <summary>An outcome that carries a value when done (the id of what was created, the page asked for).</summary>
public sealed class Outcome<T> : Outcome
{
    internal Outcome(T value, OutcomeKind kind, string? message, string? field)
        : base(kind, message, field) => Value = value;

    /// <summary>The value; meaningful only when <see cref="Outcome.Succeeded"/>.</summary>
    public T Value { get; }
}
