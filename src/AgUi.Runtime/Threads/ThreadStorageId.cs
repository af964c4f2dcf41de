using AgUi.Runtime.Agents;

namespace AgUi.Runtime.Threads;

/// <summary>
/// The id a thread is stored under: the client's threadId for the default agent (as it always was), and
/// <c>{agent}␟{threadId}</c> for a named one. The endpoint refuses threadIds with control characters,
/// so no client id can name another agent's thread.
/// </summary>
internal static class ThreadStorageId
{
    private const char Separator = '\u001F';

    public static string For(string agentName, string threadId) =>
        agentName == AgentNames.Default ? threadId : $"{agentName}{Separator}{threadId}";
}
