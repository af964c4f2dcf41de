using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Nodes;
using AgUi.Protocol.Events;
using AgUi.Protocol.Input;
using AgUi.Protocol.Messages;
using AgUi.Runtime.Agents;
using AgUi.Runtime.Telemetry;
using AgUi.Runtime.Tools;
using Microsoft.Extensions.Logging;
using OpenAI.Chat;

namespace AgUi.Runtime.Model;

/// <summary>
/// The agent backed by a chat model (Azure OpenAI, OpenAI or an OpenAI-compatible server). Each run
/// streams the model's turns as AG-UI events. Frontend tools (the request's <c>tools</c>) are offered
/// to the model and handed to the client: the run ends after their calls are streamed. Backend tools
/// (the agent's <see cref="BackendToolCatalog"/>) run here; their results are streamed as TOOL_CALL_RESULT
/// and fed back to the model, for at most <see cref="ModelOptions.MaxTurns"/> model calls per run.
/// </summary>
internal sealed partial class ChatModelAgent : IAgent
{
    private readonly ModelOptions options;
    private readonly ChatClient client;
    private readonly BackendToolCatalog backendTools;
    private readonly TimeProvider timeProvider;
    private readonly ILogger logger;
    private readonly bool recordContent;

    /// <summary>The backend tools as the model is offered them, built once: only the request's frontend tools differ per run.</summary>
    private readonly ChatTool[] backendChatTools;

    /// <param name="recordContent">Put prompts and completions on the model-call spans (<see cref="AgUiTelemetryOptions.RecordContent"/>).</param>
    public ChatModelAgent(ModelOptions options, ChatClient client, BackendToolCatalog backendTools, TimeProvider timeProvider, ILogger logger, bool recordContent = false)
    {
        this.options = options;
        this.client = client;
        this.backendTools = backendTools;
        this.timeProvider = timeProvider;
        this.logger = logger;
        this.recordContent = recordContent;
        backendChatTools = [.. backendTools.Tools.Select(t => CreateFunctionTool(t.Name, t.Description, t.JsonSchema))];
    }

    /// <summary>What the start-up log says about this agent: provider, endpoint, model, authentication and tools, never a key.</summary>
    public string Describe()
    {
        var authentication = !string.IsNullOrWhiteSpace(options.ApiKey) ? "API key"
            : options.Provider == ModelProvider.AzureOpenAI ? $"Microsoft Entra ID token for {options.TokenScope}"
            : "none";
        var endpoint = ModelClientFactory.ResolveEndpoint(options)?.GetComponents(UriComponents.SchemeAndServer | UriComponents.Path, UriFormat.UriEscaped)
            ?? "OpenAI's default endpoint";
        var tools = backendTools.Count == 0 ? "none" : string.Join(", ", backendTools.Tools.Select(t => t.Name));
        return $"model agent: provider {options.Provider}, endpoint {endpoint}, model {options.ModelName}, authentication {authentication}, backend tools: {tools}";
    }

    /// <summary>
    /// The run's events. The stream also offers the texts of its turns (<see cref="IRunMessageTexts"/>), which each turn
    /// keeps for the conversation's next turn, so the thread's recorder need not collect them again.
    /// </summary>
    public IAsyncEnumerable<BaseEvent> RunAsync(RunAgentInput input, CancellationToken cancellationToken)
    {
        var run = new RunEvents();
        run.Events = RunTurnsAsync(input, run, cancellationToken);
        return run;
    }

    private async IAsyncEnumerable<BaseEvent> RunTurnsAsync(RunAgentInput input, RunEvents run, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        yield return new RunStartedEvent { ThreadId = input.ThreadId, RunId = input.RunId, ParentRunId = input.ParentRunId };

        if (input.Tools.FirstOrDefault(t => backendTools.Contains(t.Name)) is { } conflict)
        {
            LogToolNameConflict(logger, conflict.Name);
            yield return new RunErrorEvent
            {
                Code = RunErrorCodes.ToolNameConflict,
                Message = $"The client offers a tool named '{conflict.Name}', and this server has a backend tool of that name. Rename the frontend tool.",
            };
            yield break;
        }

        var state = new RunState(input.State.ValueKind is JsonValueKind.Undefined or JsonValueKind.Null ? null : JsonNode.Parse(input.State.GetRawText()));
        var answered = new List<Message>();
        foreach (var approval in ReadApprovals(input))
        {
            ToolCallResultEvent? result = null;
            if (approval.Approved)
            {
                await foreach (var agUiEvent in backendTools.RunAsync(approval.Call.Id, approval.Call.Function.Name, approval.Arguments, input, state, cancellationToken))
                {
                    result = agUiEvent as ToolCallResultEvent ?? result;
                    yield return agUiEvent;
                }

                LogApprovedToolCall(logger, approval.Call.Function.Name, approval.Call.Id);
            }
            else
            {
                result = new ToolCallResultEvent
                {
                    MessageId = $"msg_{Guid.NewGuid():N}",
                    ToolCallId = approval.Call.Id,
                    Content = ToolApprovals.NotApproved(approval.Call.Function.Name, approval.Status),
                    Role = ToolRole.Tool,
                };
                LogRejectedToolCall(logger, approval.Call.Function.Name, approval.Call.Id);
                yield return result;
            }

            answered.Add(new ToolMessage { Id = result!.MessageId, ToolCallId = approval.Call.Id, Content = result.Content });
        }

        var conversation = ChatInputMapper.Map(answered.Count == 0 ? input : input with { Messages = [.. input.Messages, .. answered] }, options.SystemPrompt, logger);
        var completionOptions = CreateCompletionOptions(input.Tools);
        var usage = new UsageTotals(options);
        var predictor = new StatePredictor(backendTools, state);
        var interrupts = new List<Interrupt>();
        var handedToClient = new List<string>();

        for (var turnNumber = 1; ; turnNumber++)
        {
            // One model call, read here rather than through an iterator of its own (one layer less per event). Its span
            // starts first, so it is Activity.Current while the first MoveNextAsync sends the HTTP request (and its
            // retries): the HTTP spans nest under it. When the call fails, what the turn opened is closed and the failure
            // is thrown as an AgentRunException with its stable code.
            var turn = new AssistantTurn($"msg_{Guid.NewGuid():N}");
            run.Add(turn);
            var translation = new TurnTranslation(turn, predictor, ModelCallTelemetry.Start(options, input.ThreadId, recordContent, conversation));
            try
            {
                await foreach (var agUiEvent in ModelStream.TranslateAsync(
                    client.CompleteChatStreamingAsync(conversation, completionOptions, cancellationToken), translation, cancellationToken))
                {
                    yield return agUiEvent;
                }
            }
            finally
            {
                translation.FinishIfCutShort();
            }

            usage.Add(turn.Usage);
            conversation.Add(turn.ToChatMessage());
            if (turn.FinishReason == ChatFinishReason.ContentFilter)
            {
                throw ModelFailures.AnswerFiltered(turn.FinishingUpdate);
            }

            if (turn.ToolCalls.Count == 0)
            {
                break;
            }

            foreach (var call in turn.ToolCalls)
            {
                if (input.Tools.Any(t => t.Name == call.Name))
                {
                    handedToClient.Add(call.Id);
                    continue;
                }

                if (backendTools.OptionsOf(call.Name) is { RequiresApproval: true } tool)
                {
                    interrupts.Add(ToolApprovals.Create(call, tool, timeProvider.GetUtcNow() + options.ApprovalExpiry));
                    LogApprovalRequested(logger, call.Name, call.Id);
                    continue;
                }

                ToolCallResultEvent? result = null;
                await foreach (var agUiEvent in backendTools.RunAsync(call.Id, call.Name, call.Arguments, input, state, cancellationToken))
                {
                    result = agUiEvent as ToolCallResultEvent ?? result;
                    yield return agUiEvent;
                }

                LogToolCall(logger, call.Name, call.Id);
                conversation.Add(ChatMessage.CreateToolMessage(call.Id, result?.Content.Text ?? string.Empty));
            }

            if (interrupts.Count > 0 || handedToClient.Count > 0)
            {
                break;
            }

            if (turnNumber >= options.MaxTurns)
            {
                throw new AgentRunException(RunErrorCodes.MaxTurnsExceeded,
                    $"The model was still calling tools after {options.MaxTurns} turns (AgUi:Model:MaxTurns), so the run was stopped.");
            }
        }

        RunFinishedOutcome? outcome = interrupts.Count > 0 ? new RunFinishedInterruptOutcome { Interrupts = interrupts }
            : handedToClient.Count > 0 ? new RunFinishedSuccessOutcome { PendingToolCallIds = handedToClient }
            : null;
        yield return new RunFinishedEvent { ThreadId = input.ThreadId, RunId = input.RunId, Outcome = outcome, Usage = usage.ToEvent() };
    }

    /// <summary>
    /// The answers in <c>resume</c> to this agent's approval interrupts, checked before anything runs: each
    /// names a tool call of the history, and a <c>resolved</c> answer says whether it is approved.
    /// </summary>
    private static List<ApprovalAnswer> ReadApprovals(RunAgentInput input)
    {
        var answers = new List<ApprovalAnswer>();
        foreach (var entry in input.Resume ?? [])
        {
            var call = ToolApprovals.ToolCallIdOf(entry.InterruptId) is { } callId
                ? input.Messages.OfType<AssistantMessage>().SelectMany(m => m.ToolCalls ?? []).LastOrDefault(c => c.Id == callId)
                : null;
            if (call is null)
            {
                throw new AgentRunException(RunErrorCodes.InterruptNotFound,
                    $"Interrupt '{entry.InterruptId}' is not a tool approval of this conversation.");
            }

            var (approved, arguments) = ToolApprovals.Read(entry, call.Function.Arguments);
            answers.Add(new ApprovalAnswer(call, entry.Status, approved, arguments));
        }

        return answers;
    }

    /// <summary>
    /// The run's options, a new object each run (its turns share it). Not one for all runs: the OpenAI SDK clones the
    /// options it is given, but Azure.AI.OpenAI's client first rewrites them (max_completion_tokens becomes max_tokens),
    /// which concurrent runs must not do to one shared instance.
    /// </summary>
    private ChatCompletionOptions CreateCompletionOptions(IReadOnlyList<Tool> frontendTools)
    {
        var completionOptions = new ChatCompletionOptions
        {
            Temperature = options.Temperature,
            MaxOutputTokenCount = options.MaxOutputTokens,
        };
        foreach (var tool in frontendTools)
        {
            completionOptions.Tools.Add(CreateFunctionTool(tool.Name, tool.Description, tool.Parameters));
        }

        foreach (var tool in backendChatTools)
        {
            completionOptions.Tools.Add(tool);
        }

        return completionOptions;
    }

    private static ChatTool CreateFunctionTool(string name, string description, JsonElement parameters) =>
        ChatTool.CreateFunctionTool(name, description,
            parameters.ValueKind == JsonValueKind.Object ? BinaryData.FromString(parameters.GetRawText()) : null);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The request's frontend tool {ToolName} has the name of a backend tool; the run was refused.")]
    private static partial void LogToolNameConflict(ILogger logger, string toolName);

    [LoggerMessage(Level = LogLevel.Information, Message = "Backend tool {ToolName} ran for call {ToolCallId}.")]
    private static partial void LogToolCall(ILogger logger, string toolName, string toolCallId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Backend tool {ToolName} waits for approval of call {ToolCallId}; the run ends with an interrupt.")]
    private static partial void LogApprovalRequested(ILogger logger, string toolName, string toolCallId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Backend tool {ToolName} ran for call {ToolCallId} after approval.")]
    private static partial void LogApprovedToolCall(ILogger logger, string toolName, string toolCallId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Call {ToolCallId} to backend tool {ToolName} was not approved; the model is told so.")]
    private static partial void LogRejectedToolCall(ILogger logger, string toolName, string toolCallId);

    /// <summary>A model turn's updates as events, with the state its streaming arguments predict.</summary>
    private sealed class TurnTranslation(AssistantTurn turn, StatePredictor predictor, ModelCallTelemetry? telemetry)
        : IModelStreamTranslation<StreamingChatCompletionUpdate>
    {
        private bool finished;

        public bool HasOutput => turn.HasOutput;

        public void Accept(StreamingChatCompletionUpdate update, List<BaseEvent> events)
        {
            telemetry?.OnUpdate(update);
            turn.Accept(update, events);
            predictor.Observe(turn, events);
        }

        public void Complete(List<BaseEvent> events, AgentRunException? failure)
        {
            Finish(failure?.Code);
            turn.Complete(events);
            predictor.Observe(turn, events);
        }

        /// <summary>Ends the call's telemetry when the run was cancelled or abandoned before the stream ended.</summary>
        public void FinishIfCutShort() => Finish(TelemetryAttributes.CancelledErrorType);

        private void Finish(string? errorType)
        {
            if (!finished)
            {
                finished = true;
                telemetry?.Finish(turn, errorType);
            }
        }
    }

    /// <summary>A run's event stream, and the texts its turns keep.</summary>
    private sealed class RunEvents : IAsyncEnumerable<BaseEvent>, IRunMessageTexts
    {
        private readonly Dictionary<string, AssistantTurn> turns = new(StringComparer.Ordinal);

        public IAsyncEnumerable<BaseEvent> Events { get; set; } = AsyncEnumerable.Empty<BaseEvent>();

        public void Add(AssistantTurn turn) => turns[turn.MessageId] = turn;

        public IAsyncEnumerator<BaseEvent> GetAsyncEnumerator(CancellationToken cancellationToken = default) => Events.GetAsyncEnumerator(cancellationToken);

        public bool Keeps(string messageId) => turns.ContainsKey(messageId);

        public bool TryGetText(string messageId, out string text)
        {
            text = turns.TryGetValue(messageId, out var turn) ? turn.Text : string.Empty;
            return turn is not null;
        }
    }

    private sealed record ApprovalAnswer(AgUi.Protocol.Messages.ToolCall Call, ResumeStatus Status, bool Approved, string Arguments);
}
