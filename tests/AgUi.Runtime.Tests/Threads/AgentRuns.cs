using AgUi.Protocol.Events;
using AgUi.Protocol.Input;
using AgUi.Protocol.Messages;
using AgUi.Runtime.Agents;
using AgUi.Runtime.Threads;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace AgUi.Runtime.Tests.Threads;

internal static class AgentRuns
{
    public static ThreadPersistingAgent Persisting(
        IAgent inner, IThreadStore store, ThreadStoreOptions? options = null, string agentName = AgentNames.Default, TimeProvider? clock = null) =>
        new(inner, agentName, store, Options.Create(options ?? new ThreadStoreOptions()), NullLogger<ThreadPersistingAgent>.Instance, clock ?? TimeProvider.System);

    public static RunAgentInput Input(string threadId, IReadOnlyList<Message> messages, string? stateJson = null, string? runId = null) => new()
    {
        ThreadId = threadId,
        RunId = runId ?? $"run-{Guid.NewGuid():N}",
        Messages = messages,
        State = ThreadTestData.Json(stateJson ?? "{}"),
    };

    public static async Task<List<BaseEvent>> CollectAsync(IAgent agent, RunAgentInput input, CancellationToken cancellationToken = default)
    {
        var events = new List<BaseEvent>();
        await foreach (var e in agent.RunAsync(input, cancellationToken))
        {
            events.Add(e);
        }

        return events;
    }
}
