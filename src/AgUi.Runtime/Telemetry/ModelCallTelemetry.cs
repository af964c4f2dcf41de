using System.Diagnostics;
using AgUi.Runtime.Model;
using OpenAI.Chat;

namespace AgUi.Runtime.Telemetry;

/// <summary>
/// One model call: the <c>chat {model}</c> span (kind Client, under the run) and the GenAI client metrics
/// (<c>gen_ai.client.operation.duration</c>, <c>gen_ai.client.operation.time_to_first_chunk</c>,
/// <c>gen_ai.client.token.usage</c>). Prompts and completions go on the span only when
/// <see cref="AgUiTelemetryOptions.RecordContent"/> is set, never on metrics.
/// </summary>
internal sealed class ModelCallTelemetry
{
    private readonly ModelOptions options;
    private readonly string provider;
    private readonly Activity? span;
    private readonly bool recordContent;
    private readonly long startTimestamp = Stopwatch.GetTimestamp();
    private double? timeToFirstChunk;
    private string? responseModel;

    private ModelCallTelemetry(ModelOptions options, Activity? span, bool recordContent)
    {
        this.options = options;
        this.span = span;
        this.recordContent = recordContent;
        provider = ProviderName(options.Provider);
    }

    /// <summary>Starts a call under the current activity; null when neither a span nor a metric is listened to.</summary>
    public static ModelCallTelemetry? Start(ModelOptions options, string conversationId, bool recordContent, IReadOnlyList<ChatMessage> conversation)
    {
        var listening = AgUiTelemetry.Source.HasListeners();
        if (!listening && !AgUiTelemetry.OperationDuration.Enabled && !AgUiTelemetry.TimeToFirstChunk.Enabled && !AgUiTelemetry.TokenUsage.Enabled)
        {
            return null;
        }

        Activity? span = null;
        if (listening)
        {
            var endpoint = ModelClientFactory.ResolveEndpoint(options);
            var tags = new TagList
            {
                { TelemetryAttributes.OperationName, TelemetryAttributes.ChatOperation },
                { TelemetryAttributes.ProviderName, ProviderName(options.Provider) },
                { TelemetryAttributes.RequestModel, options.ModelName },
                { TelemetryAttributes.RequestStream, true },
                { TelemetryAttributes.ConversationId, conversationId },
                { TelemetryAttributes.ServerAddress, endpoint?.Host ?? "api.openai.com" },
                { TelemetryAttributes.ServerPort, endpoint?.Port ?? 443 },
            };
            if (options.Temperature is { } temperature)
            {
                tags.Add(TelemetryAttributes.RequestTemperature, (double)temperature);
            }

            if (options.MaxOutputTokens is { } maxTokens)
            {
                tags.Add(TelemetryAttributes.RequestMaxTokens, maxTokens);
            }

            span = AgUiTelemetry.Source.StartActivity($"{TelemetryAttributes.ChatOperation} {options.ModelName}", ActivityKind.Client, parentContext: default, tags);
            if (span is not null && recordContent && span.IsAllDataRequested)
            {
                span.SetTag(TelemetryAttributes.InputMessages, GenAiMessagesJson.Input(conversation));
            }
        }

        return new ModelCallTelemetry(options, span, recordContent);
    }

    /// <summary>Called for every streamed update; only the first one is looked at.</summary>
    public void OnUpdate(StreamingChatCompletionUpdate update)
    {
        if (timeToFirstChunk is not null)
        {
            return;
        }

        timeToFirstChunk = AgUiTelemetry.SecondsSince(startTimestamp);
        responseModel = update.Model;
        span?.SetTag(TelemetryAttributes.ResponseId, update.CompletionId);
    }

    /// <summary>Ends the call: <paramref name="errorType"/> is the RUN_ERROR code it failed with, or null.</summary>
    public void Finish(AssistantTurn turn, string? errorType)
    {
        var tags = new TagList
        {
            { TelemetryAttributes.OperationName, TelemetryAttributes.ChatOperation },
            { TelemetryAttributes.ProviderName, provider },
            { TelemetryAttributes.RequestModel, options.ModelName },
        };
        if (!string.IsNullOrEmpty(responseModel))
        {
            tags.Add(TelemetryAttributes.ResponseModel, responseModel);
        }

        if (turn.Usage is { } usage && AgUiTelemetry.TokenUsage.Enabled)
        {
            var input = tags;
            input.Add(TelemetryAttributes.TokenType, "input");
            AgUiTelemetry.TokenUsage.Record(usage.InputTokenCount, input);
            var output = tags;
            output.Add(TelemetryAttributes.TokenType, "output");
            AgUiTelemetry.TokenUsage.Record(usage.OutputTokenCount, output);
        }

        if (timeToFirstChunk is { } firstChunk && AgUiTelemetry.TimeToFirstChunk.Enabled)
        {
            AgUiTelemetry.TimeToFirstChunk.Record(firstChunk, tags);
        }

        if (errorType is not null)
        {
            tags.Add(TelemetryAttributes.ErrorType, errorType);
        }

        AgUiTelemetry.OperationDuration.Record(AgUiTelemetry.SecondsSince(startTimestamp), tags);
        if (span is not null)
        {
            FinishSpan(span, turn, errorType);
        }
    }

    private void FinishSpan(Activity activity, AssistantTurn turn, string? errorType)
    {
        if (!string.IsNullOrEmpty(responseModel))
        {
            activity.SetTag(TelemetryAttributes.ResponseModel, responseModel);
        }

        if (timeToFirstChunk is { } firstChunk)
        {
            activity.SetTag(TelemetryAttributes.ResponseTimeToFirstChunk, firstChunk);
        }

        if (turn.FinishReason is { } reason)
        {
            activity.SetTag(TelemetryAttributes.ResponseFinishReasons, new[] { FinishReasonName(reason) });
        }

        if (turn.Usage is { } usage)
        {
            activity.SetTag(TelemetryAttributes.UsageInputTokens, usage.InputTokenCount);
            activity.SetTag(TelemetryAttributes.UsageOutputTokens, usage.OutputTokenCount);
            if (usage.OutputTokenDetails?.ReasoningTokenCount is > 0 and var reasoning)
            {
                activity.SetTag(TelemetryAttributes.UsageReasoningOutputTokens, reasoning);
            }

            if (usage.InputTokenDetails?.CachedTokenCount is > 0 and var cached)
            {
                activity.SetTag(TelemetryAttributes.UsageCacheReadInputTokens, cached);
            }
        }

        if (recordContent && activity.IsAllDataRequested)
        {
            activity.SetTag(TelemetryAttributes.OutputMessages, GenAiMessagesJson.Output(turn.ToChatMessage(), turn.FinishReason is { } finish ? FinishReasonName(finish) : null));
        }

        if (errorType is not null)
        {
            activity.SetTag(TelemetryAttributes.ErrorType, errorType);
            activity.SetStatus(ActivityStatusCode.Error, errorType);
        }

        activity.Dispose();
    }

    /// <summary>
    /// The conventions' provider names: <c>azure.ai.openai</c> for Azure OpenAI, <c>openai</c> for OpenAI and for
    /// servers that speak its API (the conventions have no name for those; <c>server.address</c> tells them apart).
    /// </summary>
    private static string ProviderName(ModelProvider provider) => provider == ModelProvider.AzureOpenAI ? "azure.ai.openai" : "openai";

    private static string FinishReasonName(ChatFinishReason reason) => reason switch
    {
        ChatFinishReason.Stop => "stop",
        ChatFinishReason.Length => "length",
        ChatFinishReason.ToolCalls => "tool_calls",
        ChatFinishReason.ContentFilter => "content_filter",
        ChatFinishReason.FunctionCall => "function_call",
        _ => reason.ToString(),
    };
}
