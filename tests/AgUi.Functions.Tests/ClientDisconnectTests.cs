using System.Net;
using AgUi.Protocol.Events;
using AgUi.Testing;

namespace AgUi.Functions.Tests;

[Collection(FunctionsAppTests.Name)]
public sealed class ClientDisconnectTests(FunctionsAppFixture app)
{
    [Fact]
    public async Task A_client_that_disconnects_cancels_the_run_and_the_model_request()
    {
        var modelRequestsBefore = app.Model.Requests.Count;
        app.Model.Enqueue(ScriptedResponse.StallAfter(Chunk.Text("Still thinking")));
        var threadId = $"disconnect-{Guid.NewGuid():N}";
        using var request = RunRequests.Create(RunRequests.UserSays("Hi", threadId));
        using (var response = await app.Host.Client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead))
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var reader = new SseReader(await response.Content.ReadAsStreamAsync());
            while (await reader.ReadEventAsync() is { } agUiEvent && agUiEvent is not TextMessageContentEvent)
            {
            }
        }

        await app.Model.Requests[modelRequestsBefore].Aborted.WaitAsync(TimeSpan.FromSeconds(15));
        await Eventually.FindAsync(() => app.Host.WorkerLogs,
            log => log.Message == "The client disconnected; the run was cancelled.",
            "the worker's log that the run was cancelled");
    }
}
