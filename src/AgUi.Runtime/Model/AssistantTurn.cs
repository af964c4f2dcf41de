using System.Text;
using AgUi.Protocol.Events;
using AgUi.Runtime.Agents;
using OpenAI.Chat;

namespace AgUi.Runtime.Model;

/// <summary>
/// One model turn: translates the streamed completion updates into AG-UI events under one assistant
/// message id, and collects the text and tool calls to append to the conversation. Tool calls are
/// keyed by their index, since only a call's first update carries its id and name.
/// </summary>
internal sealed class AssistantTurn(string messageId)
{
    private readonly StringBuilder text = new();
    private readonly SortedDictionary<int, StreamedToolCall> toolCalls = [];
    private bool textOpen;
    private bool finished;

    public string MessageId => messageId;

    public ChatFinishReason? FinishReason { get; private set; }

    /// <summary>The update that carried <see cref="FinishReason"/>; a content filter's categories are on it.</summary>
    public StreamingChatCompletionUpdate? FinishingUpdate { get; private set; }

    public ChatTokenUsage? Usage { get; private set; }

    /// <summary>True once an event of this turn has been produced: a failure now breaks a stream the client has seen.</summary>
    public bool HasOutput => text.Length > 0 || toolCalls.Count > 0;

    public IReadOnlyCollection<StreamedToolCall> ToolCalls => toolCalls.Values;

    /// <summary>The text streamed so far; every TEXT_MESSAGE_CONTENT delta of the turn is in it once produced.</summary>
    public string Text => text.ToString();

    /// <summary>
    /// Adds the events <paramref name="update"/> produces to <paramref name="events"/>, a list the caller
    /// reuses for every update (one per model token). Indexed loops: the SDK's collections box their enumerators.
    /// </summary>
    public void Accept(StreamingChatCompletionUpdate update, List<BaseEvent> events)
    {
        ArgumentNullException.ThrowIfNull(update);
        ArgumentNullException.ThrowIfNull(events);
        Usage = update.Usage ?? Usage;
        if (finished)
        {
            return;
        }

        var content = update.ContentUpdate;
        for (var i = 0; i < content.Count; i++)
        {
            if (content[i].Kind == ChatMessageContentPartKind.Text)
            {
                AppendText(content[i].Text, events);
            }
        }

        AppendText(update.RefusalUpdate, events);
        var toolCallUpdates = update.ToolCallUpdates;
        for (var i = 0; i < toolCallUpdates.Count; i++)
        {
            AcceptToolCall(toolCallUpdates[i], events);
        }

        if (update.FinishReason is { } reason)
        {
            FinishReason = reason;
            FinishingUpdate = update;
            Close(events);
        }
    }

    /// <summary>Adds the events that close whatever is still open: the text message first, then the tool calls.</summary>
    public void Complete(List<BaseEvent> events) => Close(events);

    /// <summary>The assistant message this turn adds to the conversation.</summary>
    public AssistantChatMessage ToChatMessage()
    {
        if (toolCalls.Count == 0)
        {
            return new AssistantChatMessage(text.ToString());
        }

        var message = new AssistantChatMessage(toolCalls.Values.Select(c =>
            ChatToolCall.CreateFunctionToolCall(c.Id, c.Name, BinaryData.FromString(c.Arguments))));
        if (text.Length > 0)
        {
            message.Content.Add(ChatMessageContentPart.CreateTextPart(text.ToString()));
        }

        return message;
    }

    private void AppendText(string? delta, List<BaseEvent> events)
    {
        if (string.IsNullOrEmpty(delta))
        {
            return;
        }

        if (!textOpen && text.Length == 0)
        {
            textOpen = true;
            events.Add(new TextMessageStartEvent { MessageId = messageId, Role = TextMessageRole.Assistant });
        }

        text.Append(delta);
        events.Add(new TextMessageContentEvent { MessageId = messageId, Delta = delta });
    }

    private void AcceptToolCall(StreamingChatToolCallUpdate update, List<BaseEvent> events)
    {
        if (!toolCalls.TryGetValue(update.Index, out var call))
        {
            if (string.IsNullOrEmpty(update.FunctionName))
            {
                throw new AgentRunException(RunErrorCodes.ModelStreamBroken, "The model started a tool call without naming the tool.");
            }

            var id = string.IsNullOrEmpty(update.ToolCallId) ? $"call_{Guid.NewGuid():N}" : update.ToolCallId;
            call = new StreamedToolCall(id, update.FunctionName);
            toolCalls.Add(update.Index, call);
            events.Add(new ToolCallStartEvent { ToolCallId = id, ToolCallName = call.Name, ParentMessageId = messageId });
        }

        var fragment = update.FunctionArgumentsUpdate?.ToString();
        if (!string.IsNullOrEmpty(fragment))
        {
            call.AppendArguments(fragment);
            events.Add(new ToolCallArgsEvent { ToolCallId = call.Id, Delta = fragment });
        }
    }

    private void Close(List<BaseEvent> events)
    {
        if (finished)
        {
            return;
        }

        finished = true;
        if (textOpen)
        {
            textOpen = false;
            events.Add(new TextMessageEndEvent { MessageId = messageId });
        }

        events.AddRange(toolCalls.Values.Select(c => new ToolCallEndEvent { ToolCallId = c.Id }));
    }
}

/// <summary>A tool call as the model streamed it.</summary>
internal sealed class StreamedToolCall(string id, string name)
{
    private readonly StringBuilder arguments = new();

    public string Id => id;

    public string Name => name;

    /// <summary>The arguments as the model wrote them: a JSON text, possibly invalid.</summary>
    public string Arguments => arguments.ToString();

    public void AppendArguments(string fragment) => arguments.Append(fragment);
}
