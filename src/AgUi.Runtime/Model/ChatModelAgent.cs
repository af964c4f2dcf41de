using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Nodes;
using AgUi.Protocol.Events;
using AgUi.Protocol.Input;
using AgUi.Protocol.Messages;
using AgUi.Runtime.Agents;
using AgUi.Runtime.Tools;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OpenAI.Chat;

namespace AgUi.Runtime.Model;

/// <summary>
/// The agent backed by a chat model (Azure OpenAI, OpenAI or an OpenAI-compatible server). Each run
/// streams the model's turns as AG-UI events. Frontend tools (the request's <c>tools</c>) are offered
/// to the model and handed to the client: the run ends after their calls are streamed. Backend tools
/// (every <see cref="IBackendTool"/>) run here; their results are streamed as TOOL_CALL_RESULT and fed
/// back to the model, for at most <see cref="ModelOptions.MaxTurns"/> model calls per run.
/// </summary>
public sealed partial class ChatModelAgent : IAgent
{
    private readonly ModelOptions options;
    private readonly ChatClient client;
    private readonly BackendToolCatalog backendTools;
    private readonly ILogger logger;

    public ChatModelAgent(IOptions<ModelOptions> options, IEnumerable<IBackendTool> backendTools, ILogger<ChatModelAgent> logger)
        : this(options?.Value ?? throw new ArgumentNullException(nameof(options)), ModelClientFactory.Create(options.Value), backendTools, logger)
    {
        var model = options.Value;
        var authentication = !string.IsNullOrWhiteSpace(model.ApiKey) ? "API key"
            : model.Provider == ModelProvider.AzureOpenAI ? $"Microsoft Entra ID token for {model.TokenScope}"
            : "none";
        var endpoint = ModelClientFactory.ResolveEndpoint(model)?.GetComponents(UriComponents.SchemeAndServer | UriComponents.Path, UriFormat.UriEscaped)
            ?? "OpenAI's default endpoint";
        LogModel(logger, model.Provider, endpoint, model.ModelName ?? string.Empty, authentication,
            string.Join(", ", this.backendTools.Tools.Select(t => t.Name)));
    }

    private ChatModelAgent(ModelOptions options, ChatClient client, IEnumerable<IBackendTool> backendTools, ILogger logger)
    {
        this.options = options;
        this.client = client;
        this.logger = logger;
        this.backendTools = new BackendToolCatalog(backendTools, logger);
    }

    public async IAsyncEnumerable<BaseEvent> RunAsync(RunAgentInput input, [EnumeratorCancellation] CancellationToken cancellationToken)
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

        var conversation = ChatInputMapper.Map(input, options.SystemPrompt, logger);
        var completionOptions = CreateCompletionOptions(input.Tools);
        var usage = new UsageTotals(options);
        var state = new RunStateHolder(input.State.ValueKind is JsonValueKind.Undefined or JsonValueKind.Null ? null : JsonNode.Parse(input.State.GetRawText()));

        for (var turnNumber = 1; ; turnNumber++)
        {
            var turn = new AssistantTurn($"msg_{Guid.NewGuid():N}");
            await foreach (var agUiEvent in StreamTurnAsync(turn, conversation, completionOptions, cancellationToken))
            {
                yield return agUiEvent;
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

            var handedToClient = false;
            foreach (var call in turn.ToolCalls)
            {
                if (input.Tools.Any(t => t.Name == call.Name))
                {
                    handedToClient = true;
                    continue;
                }

                var context = new ToolInvocationContext(input, call.Id, state);
                var result = await backendTools.InvokeAsync(call.Name, call.Arguments, context, cancellationToken);
                LogToolCall(logger, call.Name, call.Id, result.IsError);
                yield return new ToolCallResultEvent
                {
                    MessageId = $"msg_{Guid.NewGuid():N}",
                    ToolCallId = call.Id,
                    Content = result.Content,
                    Role = ToolRole.Tool,
                };
                foreach (var pending in context.PendingEvents)
                {
                    yield return pending;
                }

                conversation.Add(ChatMessage.CreateToolMessage(call.Id, result.Content));
            }

            if (handedToClient)
            {
                break;
            }

            if (turnNumber >= options.MaxTurns)
            {
                throw new AgentRunException(RunErrorCodes.MaxTurnsExceeded,
                    $"The model was still calling tools after {options.MaxTurns} turns (AgUi:Model:MaxTurns), so the run was stopped.");
            }
        }

        yield return new RunFinishedEvent { ThreadId = input.ThreadId, RunId = input.RunId, Usage = usage.ToEvent() };
    }

    /// <summary>
    /// Streams one model call. When the call fails, what the turn opened is closed first and then the
    /// failure is thrown as an <see cref="AgentRunException"/> with its stable code.
    /// </summary>
    private async IAsyncEnumerable<BaseEvent> StreamTurnAsync(
        AssistantTurn turn, List<ChatMessage> conversation, ChatCompletionOptions completionOptions,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        AgentRunException? failure = null;
        var events = new List<BaseEvent>();
        var updates = client.CompleteChatStreamingAsync(conversation, completionOptions, cancellationToken).GetAsyncEnumerator(cancellationToken);
        try
        {
            while (true)
            {
                events.Clear();
                try
                {
                    if (!await updates.MoveNextAsync())
                    {
                        break;
                    }

                    turn.Accept(updates.Current, events);
                }
                catch (AgentRunException ex)
                {
                    failure = ex;
                    break;
                }
                catch (Exception ex) when (ModelFailures.Classify(ex, turn.HasOutput, cancellationToken) is { } classified)
                {
                    failure = classified;
                    break;
                }

                foreach (var agUiEvent in events)
                {
                    yield return agUiEvent;
                }
            }
        }
        finally
        {
            await updates.DisposeAsync();
        }

        events.Clear();
        turn.Complete(events);
        foreach (var agUiEvent in events)
        {
            yield return agUiEvent;
        }

        if (failure is not null)
        {
            throw failure;
        }
    }

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

        foreach (var tool in backendTools.Tools)
        {
            completionOptions.Tools.Add(CreateFunctionTool(tool.Name, tool.Description, tool.ParametersSchema));
        }

        return completionOptions;
    }

    private static ChatTool CreateFunctionTool(string name, string description, JsonElement parameters) =>
        ChatTool.CreateFunctionTool(name, description,
            parameters.ValueKind == JsonValueKind.Object ? BinaryData.FromString(parameters.GetRawText()) : null);

    [LoggerMessage(Level = LogLevel.Information, Message = "Model agent: provider {Provider}, endpoint {Endpoint}, model {Model}, authentication {Authentication}, backend tools: {BackendTools}.")]
    private static partial void LogModel(ILogger logger, ModelProvider provider, string endpoint, string model, string authentication, string backendTools);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The request's frontend tool {ToolName} has the name of a backend tool; the run was refused.")]
    private static partial void LogToolNameConflict(ILogger logger, string toolName);

    [LoggerMessage(Level = LogLevel.Information, Message = "Backend tool {ToolName} ran for call {ToolCallId} (error result: {IsError}).")]
    private static partial void LogToolCall(ILogger logger, string toolName, string toolCallId, bool isError);
}
