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

    private void Emit(BaseEvent agUiEvent)
    {
        if (!events.TryWrite(agUiEvent))
        {
            throw new InvalidOperationException("The tool call has ended; its context can no longer send events.");
        }
    }
}

/// <summary>The mutable shared state of one run, starting from the state the run was given.</summary>
internal sealed class RunState(JsonNode? initial)
{
    public JsonNode? Current { get; set; } = initial;
}
