namespace AdminConsole.Jobs.Mail;

/// <summary>
/// An SMTP server's answer that refused a message, or a failure of the connection (code 0), told apart so that callers
/// retry what is worth a retry and give up on what is final.
/// </summary>
public sealed class MailDeliveryException : Exception
{
    public MailDeliveryException()
    {
    }

    public MailDeliveryException(string message)
        : base(message)
    {
    }

    public MailDeliveryException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public MailDeliveryException(int code, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        Code = code;
    }

    /// <summary>The server's reply code (e.g. 550, 451), or 0 when the connection itself failed.</summary>
    public int Code { get; }

    /// <summary>4xx answers and lost connections are worth a retry; 5xx answers are final for this message.</summary>
    public bool IsTransient => Code is < 500 or >= 600;
}
