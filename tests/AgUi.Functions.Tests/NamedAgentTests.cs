using System.Net;
using AgUi.Protocol.Events;
using AgUi.Testing;

namespace AgUi.Functions.Tests;

/// <summary>The <c>agents</c> trigger: a named agent's route parameter reaches the worker through the host.</summary>
[Collection(FunctionsAppTests.Name)]
public sealed class NamedAgentTests(FunctionsAppFixture app)
{
    [Fact]
    public async Task A_named_agent_answers_at_its_url_with_its_own_settings()
    {
        app.Model.Enqueue(ScriptedResponse.Stream(Chunk.Text("Pack light."), Chunk.Finish("stop")));
        var before = app.Model.Requests.Count;
        using var request = RunRequests.Create(RunRequests.UserSays("Plan Oslo", threadId: "functions-named"), new Uri($"/api/agents/{FunctionsAppFixture.NamedAgent}", UriKind.Relative));

        using var response = await app.Host.Client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        var stream = await SseReader.ReadToEndAsync(response);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Pack light.", string.Concat(stream.Events.OfType<TextMessageContentEvent>().Select(e => e.Delta)));
        var sent = Assert.Single(app.Model.Requests.Skip(before));
        Assert.Equal(FunctionsAppFixture.NamedAgentPrompt, (string?)sent.Messages[0]!["content"]);
    }

    [Fact]
    public async Task An_unknown_agent_name_gets_404_problem_json_through_the_forwarder()
    {
        using var request = RunRequests.Create(RunRequests.UserSays("hi"), new Uri("/api/agents/nobody", UriKind.Relative));

        using var response = await app.Host.Client.SendAsync(request);

        await ProblemResponses.AssertProblemAsync(response, HttpStatusCode.NotFound);
    }
}
