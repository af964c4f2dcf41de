using System.Text;
using System.Text.Json;
using AgUi.Protocol.Events;
using AgUi.Protocol.Input;
using AgUi.Protocol.Json;
using AgUi.Protocol.Messages;
using AgUi.Runtime.Agents;
using AgUi.Runtime.Endpoint;
using AgUi.Runtime.Threads;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace AgUi.Runtime.Tests.Threads;

internal static class AgentRuns
{
    public static ThreadPersistingAgent Persisting(IAgent inner, IThreadStore store, ThreadStoreOptions? options = null) =>
        new(inner, store, Options.Create(options ?? new ThreadStoreOptions()), NullLogger<ThreadPersistingAgent>.Instance, TimeProvider.System);

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

    /// <summary>Runs the agent behind the real endpoint handler and returns the SSE events it wrote, as JSON.</summary>
    public static async Task<List<JsonElement>> PostAsync(IAgent agent, RunAgentInput input)
    {
        var handler = new AgUiRequestHandler(agent, Options.Create(new AgUiEndpointOptions { HeartbeatInterval = TimeSpan.Zero }),
            NullLogger<AgUiRequestHandler>.Instance);
        var context = new DefaultHttpContext();
        context.Request.Method = "POST";
        context.Request.ContentType = "application/json";
        context.Request.Headers.Accept = "text/event-stream";
        context.Request.Body = new MemoryStream(JsonSerializer.SerializeToUtf8Bytes(input, AgUiJsonContext.Default.RunAgentInput));
        using var body = new MemoryStream();
        context.Response.Body = body;

        await handler.HandleAsync(context);

        return [.. Encoding.UTF8.GetString(body.ToArray())
            .Split("\n\n", StringSplitOptions.RemoveEmptyEntries)
            .Where(frame => frame.StartsWith("data: ", StringComparison.Ordinal))
            .Select(frame => ThreadTestData.Json(frame["data: ".Length..]))];
    }
}
