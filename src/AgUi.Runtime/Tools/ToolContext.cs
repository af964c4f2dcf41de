using System.Text.Json.Nodes;
using System.Threading.Channels;
using AgUi.Protocol.Events;
using AgUi.Protocol.Input;
using AgUi.Runtime.Threads;

namespace AgUi.Runtime.Tools;

/// <summary>
/// The run a backend tool is called in. A tool method receives it by declaring a parameter of this type
/// (it is not part of the tool's schema). State changes made through it stream to the client at once,
/// while the tool is still running.
/// </summary>
public sealed class ToolContext
{
    private readonly RunState state;
    private readonly ChannelWriter<BaseEvent> events;
    private readonly List<string> openSteps = [];

    internal ToolContext(RunAgentInput input, string toolCallId, RunState state, ChannelWriter<BaseEvent> events)
    {
        Input = input;
        ToolCallId = toolCallId;
        this.state = state;
        this.events = events;
    }

    public string ThreadId => Input.ThreadId;

    public string RunId => Input.RunId;

    public string ToolCallId { get; }

    /// <summary>The run's input as the agent received it (the thread's merged history, the tools the client offers).</summary>
    public RunAgentInput Input { get; }

    /// <summary>A copy of the shared state as it is now; null when the run has none.</summary>
    public JsonNode? State => state.Current?.DeepClone();

    /// <summary>
    /// Applies RFC 6902 operations to the shared state, all or nothing, and streams them as STATE_DELTA.
    /// </summary>
    /// <exception cref="JsonPatchException">An operation does not apply; the state is unchanged and nothing is sent.</exception>
    public void UpdateState(IReadOnlyList<JsonPatchOperation> operations)
    {
        ArgumentNullException.ThrowIfNull(operations);
        // Clients start from {} when they hold no state, so the patch does too.
        state.Current = JsonPatch.Apply(state.Current ?? new JsonObject(), operations);
        Emit(new StateDeltaEvent { Delta = operations });
    }

    /// <summary>Replaces the shared state and streams it as STATE_SNAPSHOT.</summary>
    public void ReplaceState(JsonNode? snapshot)
    {
        state.Current = snapshot?.DeepClone();
        Emit(new StateSnapshotEvent { Snapshot = StateJson.ToElement(snapshot) });
    }

    /// <summary>
    /// Starts a named step of the tool's work (STEP_STARTED, at once); disposing the result finishes it
    /// (STEP_FINISHED). Steps still open when the tool returns are finished then.
    /// </summary>
    public IDisposable StartStep(string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        if (openSteps.Contains(name))
        {
            throw new InvalidOperationException($"The step '{name}' is already running.");
        }

        Emit(new StepStartedEvent { StepName = name });
        openSteps.Add(name);
        return new Step(this, name);
    }

    /// <summary>Finishes the steps the tool left open, last started first.</summary>
    internal void FinishOpenSteps()
    {
        for (var i = openSteps.Count - 1; i >= 0; i--)
        {
            FinishStep(openSteps[i]);
        }
    }

    /// <summary>Finishes the step if it is still running.</summary>
    internal void FinishStep(string name)
    {
        if (openSteps.Remove(name))
        {
            Emit(new StepFinishedEvent { StepName = name });
        }
    }

    private void Emit(BaseEvent agUiEvent)
    {
        if (!events.TryWrite(agUiEvent))
        {
            throw new InvalidOperationException("The tool call has ended; its context can no longer send events.");
        }
    }
}

/// <summary>A running step; disposing it finishes it, once.</summary>
file sealed class Step(ToolContext context, string name) : IDisposable
{
    public void Dispose() => context.FinishStep(name);
}

/// <summary>The mutable shared state of one run, starting from the state the run was given.</summary>
internal sealed class RunState(JsonNode? initial)
{
    public JsonNode? Current { get; set; } = initial;
}
