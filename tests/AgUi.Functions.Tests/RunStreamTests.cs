using System.Net;
using AgUi.Protocol.Events;
using AgUi.Protocol.Verification;
using AgUi.Testing;

namespace AgUi.Functions.Tests;

/// <summary>A run of the Functions app through the host stand-in's forwarder, against the scripted model.</summary>
[Collection(FunctionsAppTests.Name)]
public sealed class RunStreamTests(FunctionsAppFixture app)
{
    [Fact]
    public async Task Events_reach_the_client_while_the_model_is_still_producing_and_the_run_passes_the_verifier()
    {
        var resume = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        app.Model.Enqueue(ScriptedResponse.StreamWithPause([Chunk.Text("Hello")], resume.Task, Chunk.Text(" from Functions"), Chunk.Finish("stop")));
        using var request = RunRequests.Create(RunRequests.UserSays("Hi", threadId: $"stream-{Guid.NewGuid():N}"));

        using var patience = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        using var response = await app.Host.Client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, patience.Token);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        var reader = new SseReader(await response.Content.ReadAsStreamAsync()) { ReadTimeout = TimeSpan.FromSeconds(10) };

        // The model holds back everything after "Hello" until resumed, so these events cannot come in one lump with the rest.
        while (await reader.ReadEventAsync() is { } early && early is not TextMessageContentEvent)
        {
        }

        Assert.DoesNotContain(reader.Events, e => e is RunFinishedEvent);
        Assert.Equal("Hello", Assert.IsType<TextMessageContentEvent>(reader.Events[^1]).Delta);

        resume.SetResult();
        await reader.ReadToEndAsync();

        var verifier = new EventSequenceVerifier();
        Assert.All(reader.Events, e => Assert.Null(verifier.Accept(e)));
        Assert.Equal(RunPhase.Finished, verifier.Phase);
        Assert.Equal("Hello from Functions", string.Concat(reader.Events.OfType<TextMessageContentEvent>().Select(e => e.Delta)));
    }
}
