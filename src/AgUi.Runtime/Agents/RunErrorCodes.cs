namespace AgUi.Runtime.Agents;

/// <summary>The <c>code</c> values of RUN_ERROR events this runtime writes. Clients may switch on them.</summary>
public static class RunErrorCodes
{
    /// <summary>The agent threw an unexpected exception.</summary>
    public const string AgentError = "AGENT_ERROR";

    /// <summary>The agent produced an event the AG-UI sequencing rules do not allow.</summary>
    public const string InvalidEventSequence = "INVALID_EVENT_SEQUENCE";

    /// <summary>The agent's stream ended without RUN_FINISHED or RUN_ERROR.</summary>
    public const string IncompleteRun = "INCOMPLETE_RUN";

    /// <summary>The thread store could not be reached or failed, so the thread could not be loaded or saved.</summary>
    public const string ThreadStoreUnavailable = "THREAD_STORE_UNAVAILABLE";

    /// <summary>Concurrent runs kept changing the thread; this run's commit lost every retry.</summary>
    public const string ThreadConflict = "THREAD_CONFLICT";
}
