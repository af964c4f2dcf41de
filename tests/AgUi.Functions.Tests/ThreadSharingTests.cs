using AgUi.Protocol.Events;
using AgUi.Protocol.Input;
using AgUi.Protocol.Messages;
using AgUi.Testing;

namespace AgUi.Functions.Tests;

/// <summary>Two worker processes (two instances of the app) share threads through Table Storage.</summary>
[Collection(FunctionsAppTests.Name)]
public sealed class ThreadSharingTests(FunctionsAppFixture app)
{
    [Fact]
    public async Task A_thread_written_by_one_worker_process_is_read_by_another()
    {
        var threadId = $"shared-{Guid.NewGuid():N}";
        app.Model.Enqueue(ScriptedResponse.Stream(Chunk.Text("Noted by the first worker."), Chunk.Finish("stop")));
        var first = await app.Host.RunAsync(RunRequests.UserSays("Remember the blue door.", threadId, "run-first"));
        Assert.IsType<RunFinishedEvent>(first.Events[^1]);

        await using var second = await app.StartWorkerAsync();
        var modelRequests = app.Model.Requests.Count;
        var sync = await second.RunAsync(new RunAgentInput { ThreadId = threadId, RunId = "run-second", Messages = [] });

        var snapshot = Assert.Single(sync.Events.OfType<MessagesSnapshotEvent>());
        Assert.Equal(
            ["user: Remember the blue door.", "assistant: Noted by the first worker."],
            snapshot.Messages.Select(m => m switch
            {
                UserMessage user => $"user: {user.Content.ToPlainText()}",
                AssistantMessage assistant => $"assistant: {assistant.Content}",
                _ => m.Role,
            }));
        Assert.IsType<RunFinishedEvent>(sync.Events[^1]);
        Assert.Equal(modelRequests, app.Model.Requests.Count);
    }
}
