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

    /// <summary>The model endpoint refused the credentials (HTTP 401/403, or no token could be obtained).</summary>
    public const string ModelAuthenticationFailed = "MODEL_AUTHENTICATION_FAILED";

    /// <summary>The model endpoint kept answering HTTP 429 after the client's retries.</summary>
    public const string ModelRateLimited = "MODEL_RATE_LIMITED";

    /// <summary>The provider's content filter blocked the prompt or the answer.</summary>
    public const string ModelContentFiltered = "MODEL_CONTENT_FILTERED";

    /// <summary>The model did not answer within <c>AgUi:Model:RequestTimeout</c>.</summary>
    public const string ModelTimeout = "MODEL_TIMEOUT";

    /// <summary>The model endpoint failed (HTTP 5xx) or could not be reached.</summary>
    public const string ModelServerError = "MODEL_SERVER_ERROR";

    /// <summary>The model's response stream broke off or could not be read.</summary>
    public const string ModelStreamBroken = "MODEL_STREAM_BROKEN";

    /// <summary>The model endpoint refused the request (any other HTTP 4xx).</summary>
    public const string ModelBadRequest = "MODEL_BAD_REQUEST";

    /// <summary>The model still asked for backend tools after <c>AgUi:Model:MaxTurns</c> turns.</summary>
    public const string MaxTurnsExceeded = "MAX_TURNS_EXCEEDED";

    /// <summary>A frontend tool of the request has the name of one of the server's backend tools.</summary>
    public const string ToolNameConflict = "TOOL_NAME_CONFLICT";

    /// <summary>The thread store could not be reached or failed, so the thread could not be loaded or saved.</summary>
    public const string ThreadStoreUnavailable = "THREAD_STORE_UNAVAILABLE";

    /// <summary>Concurrent runs kept changing the thread; this run's commit lost every retry.</summary>
    public const string ThreadConflict = "THREAD_CONFLICT";

    /// <summary><c>resume</c> names an interrupt the thread never had.</summary>
    public const string InterruptNotFound = "INTERRUPT_NOT_FOUND";

    /// <summary><c>resume</c> answers an interrupt whose <c>expiresAt</c> has passed, other than by cancelling it.</summary>
    public const string InterruptExpired = "INTERRUPT_EXPIRED";

    /// <summary><c>resume</c> answers an interrupt that was answered (or cancelled) before.</summary>
    public const string InterruptAlreadyAnswered = "INTERRUPT_ALREADY_ANSWERED";

    /// <summary><c>resume</c> was sent on a thread with no pending interrupt.</summary>
    public const string NoPendingInterrupt = "NO_PENDING_INTERRUPT";

    /// <summary><c>resume</c> leaves one of the thread's pending interrupts unanswered.</summary>
    public const string InterruptNotAnswered = "INTERRUPT_NOT_ANSWERED";

    /// <summary>A <c>resolved</c> answer's payload does not match the interrupt's <c>responseSchema</c>.</summary>
    public const string InterruptResponseInvalid = "INTERRUPT_RESPONSE_INVALID";
}
