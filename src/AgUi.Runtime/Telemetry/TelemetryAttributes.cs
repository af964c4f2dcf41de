namespace AgUi.Runtime.Telemetry;

/// <summary>
/// The attribute names the runtime's spans and metrics carry: the GenAI semantic conventions' (1.41, Development)
/// where one applies, <c>agui.*</c> for the rest.
/// </summary>
internal static class TelemetryAttributes
{
    public const string OperationName = "gen_ai.operation.name";
    public const string ProviderName = "gen_ai.provider.name";
    public const string AgentName = "gen_ai.agent.name";
    public const string ConversationId = "gen_ai.conversation.id";
    public const string RequestModel = "gen_ai.request.model";
    public const string RequestStream = "gen_ai.request.stream";
    public const string RequestTemperature = "gen_ai.request.temperature";
    public const string RequestMaxTokens = "gen_ai.request.max_tokens";
    public const string ResponseModel = "gen_ai.response.model";
    public const string ResponseId = "gen_ai.response.id";
    public const string ResponseFinishReasons = "gen_ai.response.finish_reasons";
    public const string ResponseTimeToFirstChunk = "gen_ai.response.time_to_first_chunk";
    public const string UsageInputTokens = "gen_ai.usage.input_tokens";
    public const string UsageOutputTokens = "gen_ai.usage.output_tokens";
    public const string UsageReasoningOutputTokens = "gen_ai.usage.reasoning.output_tokens";
    public const string UsageCacheReadInputTokens = "gen_ai.usage.cache_read.input_tokens";
    public const string TokenType = "gen_ai.token.type";
    public const string InputMessages = "gen_ai.input.messages";
    public const string OutputMessages = "gen_ai.output.messages";
    public const string ToolName = "gen_ai.tool.name";
    public const string ToolCallId = "gen_ai.tool.call.id";
    public const string ToolType = "gen_ai.tool.type";
    public const string ToolDescription = "gen_ai.tool.description";
    public const string ToolCallArguments = "gen_ai.tool.call.arguments";
    public const string ToolCallResult = "gen_ai.tool.call.result";
    public const string ErrorType = "error.type";
    public const string ServerAddress = "server.address";
    public const string ServerPort = "server.port";

    public const string ThreadId = "agui.thread.id";
    public const string RunId = "agui.run.id";
    public const string RunOutcome = "agui.run.outcome";
    public const string ConflictResolution = "agui.thread.conflict.resolution";

    public const string InvokeAgentOperation = "invoke_agent";
    public const string ChatOperation = "chat";
    public const string ExecuteToolOperation = "execute_tool";

    /// <summary>The <c>error.type</c> of a model or tool call cut short because its run was cancelled or abandoned.</summary>
    public const string CancelledErrorType = "cancelled";
}
