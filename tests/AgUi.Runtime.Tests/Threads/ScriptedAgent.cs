using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using AgUi.Protocol.Events;
using AgUi.Protocol.Input;
using AgUi.Runtime.Agents;

namespace AgUi.Runtime.Tests.Threads;

/// <summary>A stand-in model agent: each run plays the script it was given and records the input it saw.</summary>
internal sealed class ScriptedAgent(Func<RunAgentInput, CancellationToken, IAsyncEnumerable<BaseEvent>> script) : IAgent
{
    public ConcurrentQueue<RunAgentInput> Inputs { get; } = new();

    public IAsyncEnumerable<BaseEvent> RunAsync(RunAgentInput input, CancellationToken cancellationToken)
    {
        Inputs.Enqueue(input);
        return script(input, cancellationToken);
    }

    /// <summary>
    /// Replies with one text message whose id is <c>reply-{runId}</c>, after the given middle events;
    /// <paramref name="whileReplying"/> runs once the message has started (another run committing, say).
    /// </summary>
    public static ScriptedAgent Replying(string text, Func<RunAgentInput, IEnumerable<BaseEvent>>? before = null, Func<Task>? whileReplying = null) =>
        new((input, _) => Reply(input, text, before?.Invoke(input) ?? [], whileReplying));

    private static async IAsyncEnumerable<BaseEvent> Reply(RunAgentInput input, string text, IEnumerable<BaseEvent> before, Func<Task>? whileReplying)
    {
        yield return new RunStartedEvent { ThreadId = input.ThreadId, RunId = input.RunId };
        foreach (var e in before)
        {
            yield return e;
        }

        var id = $"reply-{input.RunId}";
        yield return new TextMessageStartEvent { MessageId = id, Role = TextMessageRole.Assistant };
        if (whileReplying is null)
        {
            await Task.Yield();
        }
        else
        {
            await whileReplying();
        }

        yield return new TextMessageContentEvent { MessageId = id, Delta = text };
        yield return new TextMessageEndEvent { MessageId = id };
        yield return new RunFinishedEvent { ThreadId = input.ThreadId, RunId = input.RunId };
    }

    /// <summary>Streams part of a reply, then lets <paramref name="fail"/> end the run (throw, or wait to be cancelled).</summary>
    public static ScriptedAgent FailingAfterPartialText(string partial, Func<CancellationToken, Task> fail) =>
        new((input, ct) => Partial(input, partial, fail, ct));

    private static async IAsyncEnumerable<BaseEvent> Partial(RunAgentInput input, string partial, Func<CancellationToken, Task> fail, [EnumeratorCancellation] CancellationToken ct = default)
    {
        yield return new RunStartedEvent { ThreadId = input.ThreadId, RunId = input.RunId };
        var id = $"reply-{input.RunId}";
        yield return new TextMessageStartEvent { MessageId = id, Role = TextMessageRole.Assistant };
        yield return new TextMessageContentEvent { MessageId = id, Delta = partial };
        await fail(ct);
        yield return new TextMessageEndEvent { MessageId = id };
        yield return new RunFinishedEvent { ThreadId = input.ThreadId, RunId = input.RunId };
    }
}
