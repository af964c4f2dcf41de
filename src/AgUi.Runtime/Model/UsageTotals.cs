using AgUi.Protocol.Events;
using OpenAI.Chat;

namespace AgUi.Runtime.Model;

/// <summary>The token counts of a run's model calls, summed, for RUN_FINISHED's <c>usage</c>.</summary>
internal sealed class UsageTotals(ModelOptions options)
{
    private long input;
    private long output;
    private long reasoning;
    private long cachedInput;
    private bool reported;

    public void Add(ChatTokenUsage? usage)
    {
        if (usage is null)
        {
            return;
        }

        reported = true;
        input += usage.InputTokenCount;
        output += usage.OutputTokenCount;
        reasoning += usage.OutputTokenDetails?.ReasoningTokenCount ?? 0;
        cachedInput += usage.InputTokenDetails?.CachedTokenCount ?? 0;
    }

    /// <summary>One entry for the configured provider and model, or null when the model reported no usage.</summary>
    public IReadOnlyList<TokenUsage>? ToEvent() => reported
        ? [new TokenUsage
        {
            Provider = ProviderLabel(options.Provider),
            Model = options.ModelName,
            InputTokens = input,
            OutputTokens = output,
            TotalTokens = input + output,
            ReasoningTokens = reasoning > 0 ? reasoning : null,
            CachedInputTokens = cachedInput > 0 ? cachedInput : null,
        }]
        : null;

    private static string ProviderLabel(ModelProvider provider) => provider switch
    {
        ModelProvider.AzureOpenAI => "azure-openai",
        ModelProvider.OpenAI => "openai",
        _ => "openai-compatible",
    };
}
