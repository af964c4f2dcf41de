using System.Runtime.CompilerServices;
using AgUi.Protocol.Events;
using AgUi.Protocol.Input;
using AgUi.Protocol.Messages;
using AgUi.Runtime.Agents;

namespace AgUi.Examples;

/// <summary>Answers with how many messages the user has sent in this conversation.</summary>
public sealed class CountingAgent : IAgent
{
    public async IAsyncEnumerable<BaseEvent> RunAsync(RunAgentInput input, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        yield return new RunStartedEvent { ThreadId = input.ThreadId, RunId = input.RunId };

        // The thread store has merged the stored history into input.Messages, even when the client sent only its latest message.
        var count = input.Messages.OfType<UserMessage>().Count();
        var messageId = $"msg_{Guid.NewGuid():N}";
        yield return new TextMessageStartEvent { MessageId = messageId, Role = TextMessageRole.Assistant };
        yield return new TextMessageContentEvent { MessageId = messageId, Delta = $"That was message {count} of this conversation." };
        yield return new TextMessageEndEvent { MessageId = messageId };

        await Task.CompletedTask;
        yield return new RunFinishedEvent { ThreadId = input.ThreadId, RunId = input.RunId };
    }
}
