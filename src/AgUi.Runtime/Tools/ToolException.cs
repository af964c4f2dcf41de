namespace AgUi.Runtime.Tools;

/// <summary>
/// Thrown by a backend tool to give the model an error result it can act on (a wrong id, an unknown
/// city). Its message goes to the model as the tool's result; any other exception reaches the model
/// only as "the tool failed", with the details in the server log.
/// </summary>
public sealed class ToolException : Exception
{
    public ToolException(string message)
        : base(message)
    {
    }

    public ToolException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
