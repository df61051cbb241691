namespace AdminConsole.Domain.Model.Common;

/// <summary>
/// A change the model refuses. <see cref="Field"/> names the input at fault so that a form can show the
/// message next to it and the API can return it in a problem details <c>errors</c> map.
/// </summary>
public sealed class DomainRuleException : Exception
{
    public DomainRuleException(string field, string message)
        : base(message)
    {
        Field = field;
    }

    public DomainRuleException()
        : this(string.Empty, "The change breaks a rule of the model.")
    {
    }

    public DomainRuleException(string message)
        : this(string.Empty, message)
    {
    }

    public DomainRuleException(string message, Exception innerException)
        : base(message, innerException)
    {
        Field = string.Empty;
    }

    public string Field { get; }
}
