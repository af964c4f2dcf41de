using System.Net;
using System.Net.Sockets;
using AgUi.Protocol.Events;
using AgUi.Runtime.Agents;
using static AgUi.Runtime.Tests.Model.ModelTestKit;
using AgUi.Testing;

namespace AgUi.Runtime.Tests.Model;

public sealed class ModelFailureTests
{
    private const string SecretKey = "sk-test-secret-0123456789";

    [Theory]
    [InlineData(401, RunErrorCodes.ModelAuthenticationFailed)]
    [InlineData(403, RunErrorCodes.ModelAuthenticationFailed)]
    [InlineData(429, RunErrorCodes.ModelRateLimited)]
    [InlineData(500, RunErrorCodes.ModelServerError)]
    [InlineData(503, RunErrorCodes.ModelServerError)]
    [InlineData(404, RunErrorCodes.ModelBadRequest)]
    [InlineData(400, RunErrorCodes.ModelBadRequest)]
    public async Task An_http_error_maps_to_its_code_without_echoing_the_key_or_the_body(int status, string code)
    {
        await using var model = await ScriptedModelServer.StartAsync();
        var body = $$$"""{"error":{"message":"Incorrect API key provided: {{{SecretKey}}}. You said: my password is hunter2","code":"invalid"}}""";
        model.Enqueue(ScriptedResponse.Error(status, body, ("Retry-After", "0")));
        var agent = CreateAgent(OptionsFor(model, o => o.ApiKey = SecretKey));

        var run = await RunAsync(agent, Input(User("my password is hunter2")));

        Assert.Equal(code, run.Failure?.Code);
        Assert.Contains(status.ToString(System.Globalization.CultureInfo.InvariantCulture), run.Failure!.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(SecretKey, run.Failure.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", run.Failure.Message, StringComparison.Ordinal);
        Assert.Equal(["RUN_STARTED"], run.Types);
        Assert.Equal($"Bearer {SecretKey}", Assert.Single(model.Requests).Authorization);
    }

    [Fact]
    public async Task A_rate_limit_is_retried_after_the_servers_Retry_After_and_then_succeeds()
    {
        await using var model = await ScriptedModelServer.StartAsync();
        model.Enqueue(
            ScriptedResponse.Error(429, """{"error":{"message":"slow down"}}""", ("Retry-After", "2")),
            ScriptedResponse.Stream(Chunk.Text("Hello after waiting."), Chunk.Finish("stop")));
        var agent = CreateAgent(OptionsFor(model, o => o.MaxRetries = 1));

        var run = await RunAsync(agent, Input(User("Hi")));

        Assert.Null(run.Failure);
        Assert.Equal("Hello after waiting.", run.Text);
        var requests = model.Requests;
        Assert.Equal(2, requests.Count);
        // The SDK's own backoff would retry after 0.8 s; two seconds or more means Retry-After was honoured.
        Assert.True(requests[1].ReceivedAt - requests[0].ReceivedAt >= TimeSpan.FromSeconds(1.9),
            $"The retry came {(requests[1].ReceivedAt - requests[0].ReceivedAt).TotalSeconds:0.00} s after the 429.");
    }

    [Fact]
    public async Task Server_errors_are_retried_MaxRetries_times_before_the_run_fails()
    {
        await using var model = await ScriptedModelServer.StartAsync();
        model.Enqueue(
            ScriptedResponse.Error(502, "{}", ("Retry-After", "0")),
            ScriptedResponse.Error(503, "{}", ("Retry-After", "0")));
        var agent = CreateAgent(OptionsFor(model, o => o.MaxRetries = 1));

        var run = await RunAsync(agent, Input(User("Hi")));

        Assert.Equal(RunErrorCodes.ModelServerError, run.Failure?.Code);
        Assert.Contains("503", run.Failure!.Message, StringComparison.Ordinal);
        Assert.Equal(2, model.Requests.Count);
    }

    [Fact]
    public async Task A_prompt_blocked_by_the_content_filter_maps_to_MODEL_CONTENT_FILTERED()
    {
        await using var model = await ScriptedModelServer.StartAsync();
        model.Enqueue(ScriptedResponse.Error(400,
            """{"error":{"message":"The response was filtered due to the prompt triggering Azure OpenAI's content management policy.","code":"content_filter","status":400}}"""));
        var agent = CreateAgent(OptionsFor(model));

        var run = await RunAsync(agent, Input(User("something filtered")));

        Assert.Equal(RunErrorCodes.ModelContentFiltered, run.Failure?.Code);
        Assert.DoesNotContain("something filtered", run.Failure!.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_answer_cut_by_the_content_filter_closes_its_message_then_fails()
    {
        await using var model = await ScriptedModelServer.StartAsync();
        model.Enqueue(ScriptedResponse.Stream(Chunk.Text("Here is how"), Chunk.Finish("content_filter")));
        var agent = CreateAgent(OptionsFor(model));

        var run = await RunAsync(agent, Input(User("Hi")));

        Assert.Equal(RunErrorCodes.ModelContentFiltered, run.Failure?.Code);
        Assert.Equal(["RUN_STARTED", "TEXT_MESSAGE_START", "TEXT_MESSAGE_CONTENT", "TEXT_MESSAGE_END"], run.Types);
    }

    [Fact]
    public async Task A_stream_that_breaks_off_closes_the_open_message_then_fails_with_MODEL_STREAM_BROKEN()
    {
        await using var model = await ScriptedModelServer.StartAsync();
        model.Enqueue(ScriptedResponse.BreakAfter(Chunk.Text("Half a sen"), Chunk.ToolCallStart(0, "call_1", "show_weather", "{\"ci")));
        var agent = CreateAgent(OptionsFor(model));

        var run = await RunAsync(agent, Input(User("Hi")) with { Tools = [FrontendTool("show_weather")] });

        Assert.Equal(RunErrorCodes.ModelStreamBroken, run.Failure?.Code);
        Assert.Equal(
            ["RUN_STARTED", "TEXT_MESSAGE_START", "TEXT_MESSAGE_CONTENT", "TOOL_CALL_START", "TOOL_CALL_ARGS", "TEXT_MESSAGE_END", "TOOL_CALL_END"],
            run.Types);
    }

    [Fact]
    public async Task A_malformed_chunk_fails_with_MODEL_STREAM_BROKEN()
    {
        await using var model = await ScriptedModelServer.StartAsync();
        model.Enqueue(ScriptedResponse.MalformedAfter(Chunk.Text("Hello")));
        var agent = CreateAgent(OptionsFor(model));

        var run = await RunAsync(agent, Input(User("Hi")));

        Assert.Equal(RunErrorCodes.ModelStreamBroken, run.Failure?.Code);
        Assert.Equal("TEXT_MESSAGE_END", run.Types.Last());
    }

    [Fact]
    public async Task A_model_that_never_answers_fails_with_MODEL_TIMEOUT()
    {
        await using var model = await ScriptedModelServer.StartAsync();
        model.Enqueue(ScriptedResponse.StallAfter());
        var agent = CreateAgent(OptionsFor(model, o => o.RequestTimeout = TimeSpan.FromSeconds(1)));

        var run = await RunAsync(agent, Input(User("Hi")));

        Assert.Equal(RunErrorCodes.ModelTimeout, run.Failure?.Code);
        Assert.Equal(["RUN_STARTED"], run.Types);
    }

    [Fact]
    public async Task A_timeout_is_retried_and_still_reported_as_MODEL_TIMEOUT()
    {
        await using var model = await ScriptedModelServer.StartAsync();
        model.Enqueue(ScriptedResponse.StallAfter(), ScriptedResponse.StallAfter());
        var agent = CreateAgent(OptionsFor(model, o => { o.RequestTimeout = TimeSpan.FromSeconds(1); o.MaxRetries = 1; }));

        var run = await RunAsync(agent, Input(User("Hi")));

        Assert.Equal(RunErrorCodes.ModelTimeout, run.Failure?.Code);
        Assert.Equal(2, model.Requests.Count);
    }

    [Fact]
    public async Task A_stream_that_stalls_midway_closes_the_open_message_then_fails_with_MODEL_TIMEOUT()
    {
        await using var model = await ScriptedModelServer.StartAsync();
        model.Enqueue(ScriptedResponse.StallAfter(Chunk.Text("Thinking")));
        var agent = CreateAgent(OptionsFor(model, o => o.RequestTimeout = TimeSpan.FromSeconds(1)));

        var run = await RunAsync(agent, Input(User("Hi")));

        Assert.Equal(RunErrorCodes.ModelTimeout, run.Failure?.Code);
        Assert.Equal(["RUN_STARTED", "TEXT_MESSAGE_START", "TEXT_MESSAGE_CONTENT", "TEXT_MESSAGE_END"], run.Types);
    }

    [Fact]
    public async Task An_endpoint_nobody_listens_on_fails_with_MODEL_SERVER_ERROR()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        var options = new AgUi.Runtime.Model.ModelOptions
        {
            Provider = AgUi.Runtime.Model.ModelProvider.OpenAICompatible,
            Endpoint = $"http://127.0.0.1:{port}/v1",
            Model = "test-model",
            MaxRetries = 0,
        };

        var run = await RunAsync(CreateAgent(options), Input(User("Hi")));

        Assert.Equal(RunErrorCodes.ModelServerError, run.Failure?.Code);
        Assert.Contains("could not be reached", run.Failure!.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Cancelling_the_run_aborts_the_model_request()
    {
        await using var model = await ScriptedModelServer.StartAsync();
        model.Enqueue(ScriptedResponse.StallAfter(Chunk.Text("Streaming slowly")));
        var agent = CreateAgent(OptionsFor(model));
        using var cancellation = new CancellationTokenSource();
        var events = new List<BaseEvent>();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            await foreach (var agUiEvent in agent.RunAsync(Input(User("Hi")), cancellation.Token))
            {
                events.Add(agUiEvent);
                if (agUiEvent is TextMessageContentEvent)
                {
                    await cancellation.CancelAsync();
                }
            }
        });

        var request = Assert.Single(model.Requests);
        await request.Aborted.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(["RUN_STARTED", "TEXT_MESSAGE_START", "TEXT_MESSAGE_CONTENT"], events.Select(e => e.Type));
    }
}
