namespace AgUi.Runtime.Tools;

/// <summary>How a backend tool is offered to the model and run, where its method's attributes are not enough.</summary>
public sealed class ToolOptions
{
    private readonly List<StatePrediction> predictions = [];

    /// <summary>The function name the model calls; by default the method's <c>[DisplayName]</c>, else its name.</summary>
    public string? Name { get; set; }

    /// <summary>What the model reads about the tool; by default the method's <c>[Description]</c>.</summary>
    public string? Description { get; set; }

    /// <summary>
    /// Each call waits for a person's approval: the run ends with an interrupt (reason <c>tool_approval</c>),
    /// and the next run's <c>resume</c> approves (the tool runs, with edited arguments if given) or rejects it.
    /// </summary>
    public bool RequiresApproval { get; set; }

    /// <summary>What the person is asked when <see cref="RequiresApproval"/> is set; by default it names the tool.</summary>
    public string? ApprovalMessage { get; set; }

    /// <summary>The arguments whose values stream into the shared state while the model writes them.</summary>
    public IReadOnlyList<StatePrediction> PredictedState => predictions;

    /// <summary>
    /// Streams <paramref name="argument"/> into the shared state at <paramref name="statePath"/> (a JSON Pointer
    /// whose parent exists, such as <c>/document</c>) while the model is still writing the call: STATE_DELTA for
    /// the value parsed so far, and the final value when the call ends (predictive state updates).
    /// </summary>
    public ToolOptions PredictState(string argument, string statePath)
    {
        ArgumentException.ThrowIfNullOrEmpty(argument);
        ArgumentNullException.ThrowIfNull(statePath);
        if (!statePath.StartsWith('/'))
        {
            throw new ArgumentException("The state path is a JSON Pointer and starts with '/', for example /document.", nameof(statePath));
        }

        predictions.Add(new StatePrediction(argument, statePath));
        return this;
    }
}

/// <summary>One argument of a tool call that streams into the shared state at <see cref="StatePath"/>.</summary>
public sealed record StatePrediction(string Argument, string StatePath);
