using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using AgUi.Protocol.Events;
using AgUi.Protocol.Messages;
using AgUi.Runtime.Agents;

namespace AgUi.Runtime.Threads;

/// <summary>
/// Watches one run's events and rebuilds what the run adds to the thread: the messages it streamed
/// (text, tool calls, tool results, message snapshots), the state after its snapshots and deltas,
/// and the usage it reported.
/// </summary>
/// <param name="agentTexts">
/// The texts the agent keeps of the messages it streams, when its event stream offers them: those messages' deltas
/// are read there at the end instead of being collected here a second time.
/// </param>
internal sealed class RunRecorder(JsonNode? initialState, IRunMessageTexts? agentTexts = null)
{
    private static readonly JsonElement IncompleteMetadata = JsonDocument.Parse("""{"incomplete":true}""").RootElement.Clone();

    private readonly List<string> order = [];
    private readonly Dictionary<string, Draft> drafts = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ToolCallDraft> toolCalls = new(StringComparer.Ordinal);
    private readonly List<JsonPatchOperation> patches = [];
    private readonly HashSet<string> answeredToolCalls = new(StringComparer.Ordinal);
    private string? openChunkMessageId;
    private string? openChunkToolCallId;

    public JsonNode? State { get; private set; } = initialState;

    /// <summary>True when the run replaced the state (STATE_SNAPSHOT) or a delta did not apply here.</summary>
    public bool StateReplaced { get; private set; }

    /// <summary>Every STATE_DELTA operation of the run, in order.</summary>
    public IReadOnlyList<JsonPatchOperation> Patches => patches;

    public IReadOnlyList<TokenUsage>? Usage { get; private set; }

    /// <summary>The interrupts the run ended with (RUN_FINISHED's <c>interrupt</c> outcome).</summary>
    public IReadOnlyList<Interrupt> Interrupts { get; private set; } = [];

    /// <summary>The tool calls the run streamed a TOOL_CALL_RESULT for.</summary>
    public IReadOnlySet<string> AnsweredToolCalls => answeredToolCalls;

    public void Observe(BaseEvent agUiEvent)
    {
        switch (agUiEvent)
        {
            case TextMessageStartEvent start:
                StartText(start.MessageId, start.Role ?? TextMessageRole.Assistant);
                break;
            case TextMessageContentEvent content:
                var draft = DraftFor(content.MessageId, TextMessageRole.Assistant);
                if (agentTexts?.Keeps(content.MessageId) != true)
                {
                    draft.Text.Append(content.Delta);
                }

                break;
            case TextMessageEndEvent end:
                DraftFor(end.MessageId, TextMessageRole.Assistant).Ended = true;
                break;
            case TextMessageChunkEvent chunk:
                ObserveTextChunk(chunk);
                break;
            case ToolCallStartEvent start:
                StartToolCall(start.ToolCallId, start.ToolCallName, start.ParentMessageId);
                break;
            case ToolCallArgsEvent args when toolCalls.TryGetValue(args.ToolCallId, out var call):
                call.Arguments.Append(args.Delta);
                break;
            case ToolCallEndEvent end when toolCalls.TryGetValue(end.ToolCallId, out var call):
                call.Ended = true;
                break;
            case ToolCallChunkEvent chunk:
                ObserveToolCallChunk(chunk);
                break;
            case ToolCallResultEvent result:
                answeredToolCalls.Add(result.ToolCallId);
                Put(new ToolMessage { Id = result.MessageId, ToolCallId = result.ToolCallId, Content = result.Content });
                break;
            case MessagesSnapshotEvent snapshot:
                foreach (var message in snapshot.Messages)
                {
                    Put(message);
                }

                break;
            case StateSnapshotEvent snapshot:
                State = StateJson.ToNode(snapshot.Snapshot);
                StateReplaced = true;
                break;
            case StateDeltaEvent delta:
                ApplyDelta(delta.Delta);
                break;
            case RunFinishedEvent finished:
                Usage = finished.Usage;
                Interrupts = finished.Outcome is RunFinishedInterruptOutcome outcome ? outcome.Interrupts : [];
                break;
            case RunErrorEvent error:
                Usage = error.Usage;
                break;
        }
    }

    /// <summary>
    /// The run's messages in the order they appeared. When the run did not complete, unfinished text is
    /// kept and marked <c>metadata.incomplete</c>, and tool calls whose arguments did not finish are dropped.
    /// </summary>
    public List<Message> BuildMessages(bool runCompleted)
    {
        var messages = new List<Message>(order.Count);
        foreach (var id in order)
        {
            var draft = drafts[id];
            if (draft.Fixed is { } fixedMessage)
            {
                messages.Add(fixedMessage);
                continue;
            }

            var calls = draft.ToolCallIds.Select(c => toolCalls[c]).Where(c => runCompleted || c.Ended).ToList();
            var text = agentTexts is not null && agentTexts.TryGetText(id, out var kept) ? kept : draft.Text.ToString();
            var complete = runCompleted || ((draft.Ended || text.Length == 0) && calls.Count == draft.ToolCallIds.Count);
            var metadata = complete ? default : IncompleteMetadata;
            Message? message = draft.Role switch
            {
                TextMessageRole.User => new UserMessage { Id = id, Content = text, Metadata = metadata },
                TextMessageRole.System => new SystemMessage { Id = id, Content = text, Metadata = metadata },
                TextMessageRole.Developer => new DeveloperMessage { Id = id, Content = text, Metadata = metadata },
                _ when text.Length == 0 && calls.Count == 0 => null,
                _ => new AssistantMessage
                {
                    Id = id,
                    Content = text.Length == 0 ? null : text,
                    ToolCalls = calls.Count == 0 ? null : [.. calls.Select(c => new ToolCall
                    {
                        Id = c.Id,
                        Function = new FunctionCall { Name = c.Name, Arguments = c.Arguments.ToString() },
                    })],
                    Metadata = metadata,
                },
            };
            if (message is not null)
            {
                messages.Add(message);
            }
        }

        return messages;
    }

    private void StartText(string messageId, TextMessageRole role)
    {
        var draft = DraftFor(messageId, role);
        draft.Role = role;
    }

    private void ObserveTextChunk(TextMessageChunkEvent chunk)
    {
        var id = chunk.MessageId ?? openChunkMessageId;
        if (id is null)
        {
            return;
        }

        if (openChunkMessageId is not null && openChunkMessageId != id)
        {
            DraftFor(openChunkMessageId, TextMessageRole.Assistant).Ended = true;
        }

        openChunkMessageId = id;
        var draft = DraftFor(id, chunk.Role ?? TextMessageRole.Assistant);
        draft.Text.Append(chunk.Delta);
    }

    private void StartToolCall(string toolCallId, string name, string? parentMessageId)
    {
        var call = new ToolCallDraft(toolCallId, name);
        toolCalls[toolCallId] = call;
        DraftFor(parentMessageId ?? toolCallId, TextMessageRole.Assistant).ToolCallIds.Add(toolCallId);
    }

    private void ObserveToolCallChunk(ToolCallChunkEvent chunk)
    {
        var id = chunk.ToolCallId ?? openChunkToolCallId;
        if (id is null)
        {
            return;
        }

        if (openChunkToolCallId is not null && openChunkToolCallId != id && toolCalls.TryGetValue(openChunkToolCallId, out var previous))
        {
            previous.Ended = true;
        }

        openChunkToolCallId = id;
        if (!toolCalls.ContainsKey(id))
        {
            StartToolCall(id, chunk.ToolCallName ?? string.Empty, chunk.ParentMessageId);
        }

        toolCalls[id].Arguments.Append(chunk.Delta);
    }

    private void ApplyDelta(IReadOnlyList<JsonPatchOperation> delta)
    {
        patches.AddRange(delta);
        try
        {
            State = JsonPatch.Apply(State ?? new JsonObject(), delta);
        }
        catch (JsonPatchException)
        {
            // The delta was meant for a state this run cannot reconstruct; keep what it has and store
            // it as a whole rather than replaying patches onto another state.
            StateReplaced = true;
        }
    }

    private void Put(Message message)
    {
        if (!drafts.TryGetValue(message.Id, out var draft))
        {
            order.Add(message.Id);
            draft = new Draft(TextMessageRole.Assistant);
            drafts[message.Id] = draft;
        }

        draft.Fixed = message;
    }

    private Draft DraftFor(string messageId, TextMessageRole role)
    {
        if (!drafts.TryGetValue(messageId, out var draft))
        {
            order.Add(messageId);
            draft = new Draft(role);
            drafts[messageId] = draft;
        }

        return draft;
    }

    private sealed class Draft(TextMessageRole role)
    {
        public TextMessageRole Role { get; set; } = role;

        public StringBuilder Text { get; } = new();

        public bool Ended { get; set; }

        public List<string> ToolCallIds { get; } = [];

        /// <summary>A message the run sent whole (a tool result or a snapshot entry); it wins over streamed parts.</summary>
        public Message? Fixed { get; set; }
    }

    private sealed class ToolCallDraft(string id, string name)
    {
        public string Id { get; } = id;

        public string Name { get; } = name;

        public StringBuilder Arguments { get; } = new();

        public bool Ended { get; set; }
    }
}
