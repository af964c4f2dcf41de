using System.Runtime.CompilerServices;
using AgUi.Protocol.Events;
using AgUi.Protocol.Input;
using AgUi.Protocol.Messages;

namespace AgUi.Runtime.Agents;

/// <summary>
/// The agent used when no model is configured: it quotes the user's last message and says how to
/// configure a model, so the wiring (curl, CopilotKit, CometChat) can be checked with nothing set up.
/// </summary>
public sealed class OfflineAgent : IAgent
{
    private const int MaxQuotedCharacters = 500;

    public const string Label = "[offline agent]";

    public async IAsyncEnumerable<BaseEvent> RunAsync(RunAgentInput input, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        yield return new RunStartedEvent { ThreadId = input.ThreadId, RunId = input.RunId, ParentRunId = input.ParentRunId };

        var messageId = $"msg_{Guid.NewGuid():N}";
        yield return new TextMessageStartEvent { MessageId = messageId, Role = TextMessageRole.Assistant };
        foreach (var delta in Chunk(ComposeReply(input.Messages)))
        {
            cancellationToken.ThrowIfCancellationRequested();
            yield return new TextMessageContentEvent { MessageId = messageId, Delta = delta };
            await Task.Yield();
        }

        yield return new TextMessageEndEvent { MessageId = messageId };
        yield return new RunFinishedEvent { ThreadId = input.ThreadId, RunId = input.RunId };
    }

    internal static string ComposeReply(IReadOnlyList<Message> messages)
    {
        var lastUser = messages.OfType<UserMessage>().LastOrDefault()?.Content.ToPlainText().Trim();
        var quote = string.IsNullOrEmpty(lastUser)
            ? "You sent no user message."
            : $"You said: \"{Truncate(lastUser)}\".";
        return $"{Label} {quote} No model is configured, so this reply comes from the built-in offline agent. " +
            "To talk to a real model, set AgUi__Model__Provider to AzureOpenAI, OpenAI or OpenAICompatible " +
            "with its endpoint, model and credentials (see the README's configuration table).";
    }

    private static string Truncate(string text) =>
        text.Length <= MaxQuotedCharacters ? text : string.Concat(text.AsSpan(0, MaxQuotedCharacters), "…");

    /// <summary>Splits the reply into word-sized deltas so clients see it stream.</summary>
    private static IEnumerable<string> Chunk(string text)
    {
        var start = 0;
        while (start < text.Length)
        {
            var space = text.IndexOf(' ', start + 1);
            var end = space < 0 ? text.Length : space;
            yield return text[start..end];
            start = end;
        }
    }
}
