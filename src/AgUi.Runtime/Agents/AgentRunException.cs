namespace AgUi.Runtime.Agents;

/// <summary>
/// A failure an agent reports with a stable <see cref="Code"/> and a message that is safe to show the
/// client. Anything else an agent throws reaches the client as <see cref="RunErrorCodes.AgentError"/>
/// with a generic message; the exception itself only goes to the log.
/// </summary>
public sealed class AgentRunException : Exception
{
    public AgentRunException(string code, string publicMessage, Exception? innerException = null)
        : base(publicMessage, innerException)
    {
        Code = code;
    }

    public string Code { get; }
}
