using System.Text.Json;
using AgUi.Protocol.Events;
using AgUi.Protocol.Messages;
using AgUi.Runtime.Model;
using AgUi.Runtime.Tools;
using Microsoft.Agents.AI;
using Microsoft.Extensions.AI;

namespace AgUi.Runtime.Agents;

/// <summary>
/// Turns one run's Agent Framework updates into AG-UI events. Text streams under the update's message
/// id; a function call arrives whole, so it becomes TOOL_CALL_START, one TOOL_CALL_ARGS with all its
/// arguments and TOOL_CALL_END at once; a function result (of a tool the agent ran) becomes
/// TOOL_CALL_RESULT; usage is summed for RUN_FINISHED.
/// </summary>
internal sealed class AgentUpdateTranslation(string? provider) : IModelStreamTranslation<AgentResponseUpdate>
{
    private readonly HashSet<string> usedMessageIds = new(StringComparer.Ordinal);
    private readonly HashSet<string> toolCalls = new(StringComparer.Ordinal);
    private readonly HashSet<string> closedTextIds = new(StringComparer.Ordinal);
    private string? currentSourceId;
    private string? currentMessageId;
    private bool textOpen;
    private long inputTokens;
    private long outputTokens;
    private string? model;
    private bool usageReported;

    /// <summary>True once an event of the run's own output has been produced.</summary>
    public bool HasOutput => usedMessageIds.Count > 0;

    public IReadOnlyList<TokenUsage>? Usage => usageReported
        ? [new TokenUsage { Provider = provider, Model = model, InputTokens = inputTokens, OutputTokens = outputTokens, TotalTokens = inputTokens + outputTokens }]
        : null;

    public void Accept(AgentResponseUpdate update, List<BaseEvent> events)
    {
        ArgumentNullException.ThrowIfNull(update);
        model ??= (update.RawRepresentation as ChatResponseUpdate)?.ModelId;
        foreach (var content in update.Contents)
        {
            switch (content)
            {
                case TextContent { Text.Length: > 0 } text:
                    AppendText(update.MessageId, text.Text, events);
                    break;
                case FunctionCallContent call:
                    CloseText(events);
                    AddCall(update.MessageId, call, events);
                    break;
                case FunctionResultContent result when toolCalls.Contains(result.CallId):
                    CloseText(events);
                    events.Add(new ToolCallResultEvent
                    {
                        MessageId = $"msg_{Guid.NewGuid():N}",
                        ToolCallId = result.CallId,
                        Content = ToolResults.ToContent(result.Result),
                        Role = ToolRole.Tool,
                    });
                    break;
                case UsageContent usage:
                    usageReported = true;
                    inputTokens += usage.Details.InputTokenCount ?? 0;
                    outputTokens += usage.Details.OutputTokenCount ?? 0;
                    break;
            }
        }
    }

    /// <summary>Closes what is still open.</summary>
    public void Complete(List<BaseEvent> events, AgentRunException? failure) => CloseText(events);

    private void AppendText(string? sourceId, string delta, List<BaseEvent> events)
    {
        var messageId = MessageIdFor(sourceId);
        if (textOpen && currentMessageId != messageId)
        {
            CloseText(events);
        }

        if (!textOpen)
        {
            if (closedTextIds.Contains(messageId))
            {
                messageId = currentMessageId = $"msg_{Guid.NewGuid():N}";
                usedMessageIds.Add(messageId);
            }

            textOpen = true;
            events.Add(new TextMessageStartEvent { MessageId = messageId, Role = TextMessageRole.Assistant });
        }

        events.Add(new TextMessageContentEvent { MessageId = messageId, Delta = delta });
    }

    private void AddCall(string? sourceId, FunctionCallContent call, List<BaseEvent> events)
    {
        var parent = MessageIdFor(sourceId);
        // Text after a tool call belongs to the agent's next turn: it must not be appended to the message holding the call.
        closedTextIds.Add(parent);
        toolCalls.Add(call.CallId);
        events.Add(new ToolCallStartEvent { ToolCallId = call.CallId, ToolCallName = call.Name, ParentMessageId = parent });
        events.Add(new ToolCallArgsEvent
        {
            ToolCallId = call.CallId,
            Delta = JsonSerializer.Serialize(call.Arguments ?? new Dictionary<string, object?>(), ToolFunctionFactory.SerializerOptions.GetTypeInfo(typeof(IDictionary<string, object?>))),
        });
        events.Add(new ToolCallEndEvent { ToolCallId = call.CallId });
    }

    private void CloseText(List<BaseEvent> events)
    {
        if (textOpen)
        {
            textOpen = false;
            closedTextIds.Add(currentMessageId!);
            events.Add(new TextMessageEndEvent { MessageId = currentMessageId! });
        }
    }

    /// <summary>
    /// The AG-UI message id for an update: the agent's own message id while it stays the same, a fresh
    /// one when it changes or is missing, and never an id that was closed before (clients refuse reuse).
    /// </summary>
    private string MessageIdFor(string? sourceId)
    {
        if (currentMessageId is not null && sourceId is not null && sourceId == currentSourceId)
        {
            return currentMessageId;
        }

        currentSourceId = sourceId;
        currentMessageId = sourceId is not null && usedMessageIds.Add(sourceId) ? sourceId : $"msg_{Guid.NewGuid():N}";
        usedMessageIds.Add(currentMessageId);
        return currentMessageId;
    }
}
