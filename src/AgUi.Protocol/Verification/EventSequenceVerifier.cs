using AgUi.Protocol.Events;

namespace AgUi.Protocol.Verification;

/// <summary>
/// Applies the sequencing rules <c>@ag-ui/client</c> enforces (its <c>verifyEvents</c>) to a stream of
/// events, one at a time, and can seal a broken stream so that what reaches the client is always valid:
/// everything open gets closed and the stream ends with RUN_ERROR.
/// </summary>
public sealed class EventSequenceVerifier
{
    private readonly HashSet<string> openTextMessages = new(StringComparer.Ordinal);
    private readonly HashSet<string> openToolCalls = new(StringComparer.Ordinal);
    private readonly HashSet<string> openReasoningMessages = new(StringComparer.Ordinal);
    private readonly HashSet<string> openReasoningSpans = new(StringComparer.Ordinal);
    private readonly List<string> activeSubagents = [];
    private readonly HashSet<string> finishedSubagents = new(StringComparer.Ordinal);
    // A step is open per owner: the parent agent (null) and each subagent may run a step of the same name.
    private readonly List<(string? Owner, string Name)> openSteps = [];
    private bool firstEventSeen;

    public RunPhase Phase { get; private set; } = RunPhase.NotStarted;

    /// <summary>True once the stream ended with RUN_FINISHED or RUN_ERROR: nothing may follow but a new run.</summary>
    public bool IsTerminated => Phase is RunPhase.Finished or RunPhase.Errored;

    public bool HasOpenItems =>
        openTextMessages.Count + openToolCalls.Count + openReasoningMessages.Count + openReasoningSpans.Count +
        openSteps.Count + activeSubagents.Count > 0;

    /// <summary>
    /// Checks <paramref name="agUiEvent"/> against the events seen so far. When it is allowed the verifier
    /// records it and returns null; otherwise it returns why, and its state is unchanged.
    /// </summary>
    public string? Accept(BaseEvent agUiEvent)
    {
        ArgumentNullException.ThrowIfNull(agUiEvent);
        var violation = Check(agUiEvent);
        if (violation is null)
        {
            Apply(agUiEvent);
        }

        return violation;
    }

    /// <summary>
    /// The events that close everything still open and end the stream with RUN_ERROR, already recorded.
    /// Empty when the stream is already terminated. Open subagents end with SUBAGENT_ERROR carrying the same code.
    /// </summary>
    public IReadOnlyList<BaseEvent> Seal(string code, string message)
    {
        if (IsTerminated)
        {
            return [];
        }

        var closing = CloseOpenItems(id => new SubagentErrorEvent { SubagentRunId = id, Code = code, Message = message });
        closing.Add(new RunErrorEvent { Code = code, Message = message });
        foreach (var e in closing)
        {
            Apply(e);
        }

        return closing;
    }

    /// <summary>
    /// The events that end a run the server stops without a failure: what is open is closed, and the run
    /// ends with RUN_FINISHED whose outcome is <c>cancelled</c> (after a RUN_STARTED when none was sent).
    /// </summary>
    public IReadOnlyList<BaseEvent> Cancel(string threadId, string runId)
    {
        if (IsTerminated)
        {
            return [];
        }

        var closing = Phase == RunPhase.NotStarted
            ? [new RunStartedEvent { ThreadId = threadId, RunId = runId }]
            : CloseOpenItems(id => new SubagentFinishedEvent { SubagentRunId = id });
        closing.Add(new RunFinishedEvent { ThreadId = threadId, RunId = runId, Outcome = new RunFinishedCancelledOutcome() });
        foreach (var e in closing)
        {
            Apply(e);
        }

        return closing;
    }

    /// <summary>The events that close every open item of a running run, innermost first; subagents end with <paramref name="endSubagent"/>.</summary>
    private List<BaseEvent> CloseOpenItems(Func<string, BaseEvent> endSubagent)
    {
        var closing = new List<BaseEvent>();
        if (Phase == RunPhase.Running)
        {
            closing.AddRange(openToolCalls.Select(id => new ToolCallEndEvent { ToolCallId = id }));
            closing.AddRange(openTextMessages.Select(id => new TextMessageEndEvent { MessageId = id }));
            closing.AddRange(openReasoningMessages.Select(id => new ReasoningMessageEndEvent { MessageId = id }));
            closing.AddRange(openReasoningSpans.Select(id => new ReasoningEndEvent { MessageId = id }));
            closing.AddRange(Enumerable.Reverse(openSteps).Select(step => new StepFinishedEvent { StepName = step.Name, SubagentRunId = step.Owner }));
            closing.AddRange(Enumerable.Reverse(activeSubagents).Select(endSubagent));
        }

        return closing;
    }

    private string? Check(BaseEvent e)
    {
        var type = e.Type;
        if (Phase == RunPhase.Errored && e is not RunStartedEvent)
        {
            return $"Cannot send '{type}': the run has already errored with RUN_ERROR.";
        }

        if (Phase == RunPhase.Finished && e is not (RunStartedEvent or RunErrorEvent))
        {
            return $"Cannot send '{type}': the run has already finished with RUN_FINISHED.";
        }

        if (!firstEventSeen)
        {
            if (e is not (RunStartedEvent or RunErrorEvent))
            {
                return "The first event must be RUN_STARTED (or RUN_ERROR).";
            }
        }
        else if (e is RunStartedEvent && Phase == RunPhase.Running)
        {
            return "Cannot send RUN_STARTED while a run is still active.";
        }

        return e switch
        {
            TextMessageStartEvent s when openTextMessages.Contains(s.MessageId) =>
                $"A text message with id '{s.MessageId}' is already in progress.",
            TextMessageContentEvent c when !openTextMessages.Contains(c.MessageId) =>
                $"No active text message with id '{c.MessageId}' for TEXT_MESSAGE_CONTENT.",
            TextMessageEndEvent end when !openTextMessages.Contains(end.MessageId) =>
                $"No active text message with id '{end.MessageId}' for TEXT_MESSAGE_END.",
            ToolCallStartEvent s when openToolCalls.Contains(s.ToolCallId) =>
                $"A tool call with id '{s.ToolCallId}' is already in progress.",
            ToolCallArgsEvent a when !openToolCalls.Contains(a.ToolCallId) =>
                $"No active tool call with id '{a.ToolCallId}' for TOOL_CALL_ARGS.",
            ToolCallEndEvent end when !openToolCalls.Contains(end.ToolCallId) =>
                $"No active tool call with id '{end.ToolCallId}' for TOOL_CALL_END.",
            ReasoningMessageStartEvent s when openReasoningMessages.Contains(s.MessageId) =>
                $"A reasoning message with id '{s.MessageId}' is already in progress.",
            ReasoningMessageContentEvent c when !openReasoningMessages.Contains(c.MessageId) =>
                $"No active reasoning message with id '{c.MessageId}' for REASONING_MESSAGE_CONTENT.",
            ReasoningMessageEndEvent end when !openReasoningMessages.Contains(end.MessageId) =>
                $"No active reasoning message with id '{end.MessageId}' for REASONING_MESSAGE_END.",
            ReasoningStartEvent s when openReasoningSpans.Contains(s.MessageId) =>
                $"A reasoning span with id '{s.MessageId}' is already in progress.",
            ReasoningEndEvent end when !openReasoningSpans.Contains(end.MessageId) =>
                $"No active reasoning span with id '{end.MessageId}' for REASONING_END.",
            SubagentStartedEvent s when activeSubagents.Contains(s.SubagentRunId) =>
                $"Subagent '{s.SubagentRunId}' is already active.",
            SubagentStartedEvent s when finishedSubagents.Contains(s.SubagentRunId) =>
                $"Subagent '{s.SubagentRunId}' already finished in this run; subagent run ids cannot be reused.",
            SubagentStartedEvent { ParentSubagentRunId: { } parent } when !activeSubagents.Contains(parent) && !finishedSubagents.Contains(parent) =>
                $"Parent subagent '{parent}' has not been started in this run.",
            SubagentFinishedEvent f when !activeSubagents.Contains(f.SubagentRunId) =>
                $"No active subagent '{f.SubagentRunId}' for SUBAGENT_FINISHED.",
            SubagentErrorEvent f when !activeSubagents.Contains(f.SubagentRunId) =>
                $"No active subagent '{f.SubagentRunId}' for SUBAGENT_ERROR.",
            StepStartedEvent s when openSteps.Contains((s.SubagentRunId, s.StepName)) =>
                $"Step '{s.StepName}' is already active.",
            StepFinishedEvent f when !openSteps.Contains((f.SubagentRunId, f.StepName)) =>
                $"Cannot finish step '{f.StepName}': it was not started.",
            RunFinishedEvent when HasOpenItems =>
                $"Cannot send RUN_FINISHED while {DescribeOpenItems()} still open.",
            _ => null,
        };
    }

    private void Apply(BaseEvent e)
    {
        firstEventSeen = true;
        switch (e)
        {
            case RunStartedEvent:
                ClearOpenItems();
                Phase = RunPhase.Running;
                break;
            case RunFinishedEvent:
                Phase = RunPhase.Finished;
                break;
            case RunErrorEvent:
                ClearOpenItems();
                Phase = RunPhase.Errored;
                break;
            case TextMessageStartEvent s:
                openTextMessages.Add(s.MessageId);
                break;
            case TextMessageEndEvent end:
                openTextMessages.Remove(end.MessageId);
                break;
            case ToolCallStartEvent s:
                openToolCalls.Add(s.ToolCallId);
                break;
            case ToolCallEndEvent end:
                openToolCalls.Remove(end.ToolCallId);
                break;
            case ReasoningMessageStartEvent s:
                openReasoningMessages.Add(s.MessageId);
                break;
            case ReasoningMessageEndEvent end:
                openReasoningMessages.Remove(end.MessageId);
                break;
            case ReasoningStartEvent s:
                openReasoningSpans.Add(s.MessageId);
                break;
            case ReasoningEndEvent end:
                openReasoningSpans.Remove(end.MessageId);
                break;
            case SubagentStartedEvent s:
                activeSubagents.Add(s.SubagentRunId);
                break;
            case SubagentFinishedEvent f:
                EndSubagent(f.SubagentRunId);
                break;
            case SubagentErrorEvent f:
                EndSubagent(f.SubagentRunId);
                break;
            case StepStartedEvent s:
                openSteps.Add((s.SubagentRunId, s.StepName));
                break;
            case StepFinishedEvent f:
                openSteps.Remove((f.SubagentRunId, f.StepName));
                break;
        }
    }

    private void EndSubagent(string subagentRunId)
    {
        activeSubagents.Remove(subagentRunId);
        finishedSubagents.Add(subagentRunId);
    }

    private void ClearOpenItems()
    {
        openTextMessages.Clear();
        openToolCalls.Clear();
        openReasoningMessages.Clear();
        openReasoningSpans.Clear();
        openSteps.Clear();
        activeSubagents.Clear();
        finishedSubagents.Clear();
    }

    private string DescribeOpenItems()
    {
        var parts = new List<string>();
        if (openTextMessages.Count > 0)
        {
            parts.Add($"text message(s) {string.Join(", ", openTextMessages)}");
        }

        if (openToolCalls.Count > 0)
        {
            parts.Add($"tool call(s) {string.Join(", ", openToolCalls)}");
        }

        if (openReasoningMessages.Count > 0)
        {
            parts.Add($"reasoning message(s) {string.Join(", ", openReasoningMessages)}");
        }

        if (openReasoningSpans.Count > 0)
        {
            parts.Add($"reasoning span(s) {string.Join(", ", openReasoningSpans)}");
        }

        if (openSteps.Count > 0)
        {
            parts.Add($"step(s) {string.Join(", ", openSteps.Select(step => step.Owner is null ? step.Name : $"{step.Name} (subagent {step.Owner})"))}");
        }

        if (activeSubagents.Count > 0)
        {
            parts.Add($"subagent(s) {string.Join(", ", activeSubagents)}");
        }

        return string.Join(" and ", parts) + (parts.Count == 1 ? " is" : " are");
    }
}

public enum RunPhase
{
    NotStarted,
    Running,
    Finished,
    Errored,
}
