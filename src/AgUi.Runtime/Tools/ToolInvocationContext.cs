using System.Text.Json.Nodes;
using AgUi.Protocol.Events;
using AgUi.Protocol.Input;

namespace AgUi.Runtime.Tools;

/// <summary>
/// What a backend tool can see and do during one call: the run's input, the shared state as it is
/// now, and events to stream to the client right after the call (STATE_DELTA, for example).
/// </summary>
public sealed class ToolInvocationContext
{
    private readonly List<BaseEvent> pendingEvents = [];

    public ToolInvocationContext(RunAgentInput input, string toolCallId, RunStateHolder state)
    {
        Input = input;
        ToolCallId = toolCallId;
        State = state;
    }

    public RunAgentInput Input { get; }

    public string ToolCallId { get; }

    /// <summary>The run's shared state; a tool that changes it must also <see cref="Emit"/> the matching event.</summary>
    public RunStateHolder State { get; }

    public void Emit(BaseEvent agUiEvent) => pendingEvents.Add(agUiEvent);

    /// <summary>The events the tool emitted, in order, for the agent to stream.</summary>
    public IReadOnlyList<BaseEvent> PendingEvents => pendingEvents;
}

/// <summary>The mutable shared state of one run, starting from the state the run was given.</summary>
public sealed class RunStateHolder(JsonNode? initial)
{
    public JsonNode? Current { get; set; } = initial;
}
