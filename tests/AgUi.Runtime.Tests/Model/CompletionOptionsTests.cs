using AgUi.Testing;
using static AgUi.Runtime.Tests.Model.ModelTestKit;

namespace AgUi.Runtime.Tests.Model;

/// <summary>
/// The sampling and length settings a chat request carries. The gpt-5 family (the default deployment)
/// refuses a <c>temperature</c> other than its default and refuses <c>max_tokens</c>, so the agent
/// sends neither unless configured, and a token limit goes out as <c>max_completion_tokens</c>.
/// </summary>
public sealed class CompletionOptionsTests
{
    [Fact]
    public async Task Without_settings_a_request_carries_no_temperature_and_no_token_limit()
    {
        await using var model = await ScriptedModelServer.StartAsync();
        model.Enqueue(ScriptedResponse.Stream(Chunk.Text("Hi."), Chunk.Finish("stop"), Chunk.Usage(5, 2)));
        var agent = CreateAgent(OptionsFor(model));

        var run = await RunAsync(agent, Input(User("Hello")));

        Assert.Null(run.Failure);
        var body = Assert.Single(model.Requests).Body.AsObject();
        Assert.False(body.ContainsKey("temperature"), $"The request carries temperature: {body.ToJsonString()}");
        Assert.False(body.ContainsKey("max_tokens"), $"The request carries max_tokens: {body.ToJsonString()}");
        Assert.False(body.ContainsKey("max_completion_tokens"), $"The request carries max_completion_tokens: {body.ToJsonString()}");
    }

    [Fact]
    public async Task A_configured_token_limit_goes_out_as_max_completion_tokens_and_a_temperature_as_temperature()
    {
        await using var model = await ScriptedModelServer.StartAsync();
        model.Enqueue(ScriptedResponse.Stream(Chunk.Text("Hi."), Chunk.Finish("stop"), Chunk.Usage(5, 2)));
        var agent = CreateAgent(OptionsFor(model, o => { o.MaxOutputTokens = 512; o.Temperature = 0.4f; }));

        var run = await RunAsync(agent, Input(User("Hello")));

        Assert.Null(run.Failure);
        var body = Assert.Single(model.Requests).Body.AsObject();
        Assert.Equal(512, (int?)body["max_completion_tokens"]);
        Assert.False(body.ContainsKey("max_tokens"), $"The request carries max_tokens: {body.ToJsonString()}");
        Assert.Equal(0.4, (double)body["temperature"]!, 3);
    }

    [Fact]
    public async Task A_configured_token_limit_alone_sends_no_temperature()
    {
        await using var model = await ScriptedModelServer.StartAsync();
        model.Enqueue(ScriptedResponse.Stream(Chunk.Text("Hi."), Chunk.Finish("stop"), Chunk.Usage(5, 2)));
        var agent = CreateAgent(OptionsFor(model, o => o.MaxOutputTokens = 256));

        var run = await RunAsync(agent, Input(User("Hello")));

        Assert.Null(run.Failure);
        var body = Assert.Single(model.Requests).Body.AsObject();
        Assert.Equal(256, (int?)body["max_completion_tokens"]);
        Assert.False(body.ContainsKey("temperature"), $"The request carries temperature: {body.ToJsonString()}");
    }
}
