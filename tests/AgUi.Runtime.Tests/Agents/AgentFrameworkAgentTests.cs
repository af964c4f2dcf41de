using System.ComponentModel;
using System.Text.Json.Nodes;
using AgUi.Protocol.Events;
using AgUi.Protocol.Input;
using AgUi.Protocol.Messages;
using AgUi.Protocol.Verification;
using AgUi.Runtime.Tests.Model;
using AgUi.Testing;
using Microsoft.Agents.AI;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;

namespace AgUi.Runtime.Tests.Agents;

/// <summary>A Microsoft Agent Framework ChatClientAgent over the configured (scripted) model, served through the endpoint.</summary>
public sealed class AgentFrameworkAgentTests : IAsyncLifetime
{
    private ScriptedModelServer model = null!;
    private AgUiTestHost host = null!;

    [Description("The weather in a city.")]
    private static string GetWeather([Description("The city")] string city) => $"Sunny in {city}";

    public async Task InitializeAsync()
    {
        model = await ScriptedModelServer.StartAsync();
        host = await AgUiTestHost.StartAsync(o =>
        {
            o.UseScriptedModel(model, "maf-model");
            o.ConfigureAgUi = agUi => agUi.AddAgent("maf", services => new ChatClientAgent(
                services.GetRequiredService<IChatClient>(),
                instructions: "You are the Agent Framework assistant.",
                name: "weather",
                tools: [AIFunctionFactory.Create(GetWeather)]));
        });
    }

    public async Task DisposeAsync()
    {
        await host.DisposeAsync();
        await model.DisposeAsync();
    }

    [Fact]
    public async Task Its_text_tool_calls_results_and_usage_become_AG_UI_events()
    {
        model.Enqueue(
            ScriptedResponse.Stream(
                Chunk.Text("Checking. "),
                Chunk.ToolCallStart(0, "call_w", "GetWeather", "{\"city\":"),
                Chunk.ToolCallArgs(0, "\"Oslo\"}"),
                Chunk.Finish("tool_calls"),
                Chunk.Usage(20, 5)),
            ScriptedResponse.Stream(Chunk.Text("It is sunny "), Chunk.Text("in Oslo."), Chunk.Finish("stop"), Chunk.Usage(30, 6)));

        var run = await host.RunAsync(host.EndpointOf("maf"), RunRequests.UserSays("Weather in Oslo?", threadId: "maf-1"));

        Assert.Equal(
            ["RUN_STARTED", "TEXT_MESSAGE_START", "TEXT_MESSAGE_CONTENT", "TEXT_MESSAGE_END",
             "TOOL_CALL_START", "TOOL_CALL_ARGS", "TOOL_CALL_END", "TOOL_CALL_RESULT",
             "TEXT_MESSAGE_START", "TEXT_MESSAGE_CONTENT", "TEXT_MESSAGE_CONTENT", "TEXT_MESSAGE_END", "RUN_FINISHED"],
            run.Events.Select(e => e.Type));
        var verifier = new EventSequenceVerifier();
        Assert.All(run.Events, e => Assert.Null(verifier.Accept(e)));
        var call = Assert.Single(run.Events.OfType<ToolCallStartEvent>());
        Assert.Equal(("call_w", "GetWeather"), (call.ToolCallId, call.ToolCallName));
        Assert.Equal(run.Events.OfType<TextMessageStartEvent>().First().MessageId, call.ParentMessageId);
        Assert.Equal("Oslo", (string?)JsonNode.Parse(Assert.Single(run.Events.OfType<ToolCallArgsEvent>()).Delta)!["city"]);
        Assert.Equal("Sunny in Oslo", Assert.Single(run.Events.OfType<ToolCallResultEvent>()).Content.Text);
        var usage = Assert.Single(Assert.Single(run.Events.OfType<RunFinishedEvent>()).Usage!);
        Assert.Equal((50L, 11L), (usage.InputTokens, usage.OutputTokens));
        Assert.Equal("You are the Agent Framework assistant.", (string?)model.Requests[0].Messages[0]!["content"]);
        Assert.Equal(["GetWeather"], model.Requests[0].ToolNames);
    }

    [Fact]
    public async Task Text_after_a_tool_call_is_a_new_message_even_when_the_model_sends_the_same_completion_id()
    {
        model.Enqueue(
            ScriptedResponse.Stream(Chunk.ToolCallStart(0, "call_w", "GetWeather", "{\"city\":\"Oslo\"}"), Chunk.Finish("tool_calls")),
            ScriptedResponse.Stream(Chunk.Text("Sunny."), Chunk.Finish("stop")));

        var run = await host.RunAsync(host.EndpointOf("maf"), RunRequests.UserSays("Weather?", threadId: "maf-4"));

        var parent = Assert.Single(run.Events.OfType<ToolCallStartEvent>()).ParentMessageId;
        Assert.NotEqual(parent, Assert.Single(run.Events.OfType<TextMessageStartEvent>()).MessageId);
    }

    [Fact]
    public async Task A_frontend_tool_is_offered_as_a_declaration_and_its_call_is_handed_to_the_client()
    {
        model.Enqueue(ScriptedResponse.Stream(Chunk.ToolCallStart(0, "call_page", "show_map", "{\"city\":\"Oslo\"}"), Chunk.Finish("tool_calls")));
        var input = RunRequests.UserSays("Show Oslo", threadId: "maf-2") with { Tools = [ModelTestKit.FrontendTool("show_map")] };

        var run = await host.RunAsync(host.EndpointOf("maf"), input);

        Assert.Equal(["RUN_STARTED", "TOOL_CALL_START", "TOOL_CALL_ARGS", "TOOL_CALL_END", "RUN_FINISHED"], run.Events.Select(e => e.Type));
        Assert.Single(model.Requests);
        Assert.Equal(["GetWeather", "show_map"], model.Requests[0].ToolNames.Order(StringComparer.Ordinal));
        Assert.Equal("city", (string?)model.Requests[0].Tools!.Single(t => (string?)t!["function"]!["name"] == "show_map")!["function"]!["parameters"]!["required"]![0]);
    }

    [Fact]
    public async Task Its_history_comes_from_the_thread_store()
    {
        model.Enqueue(
            ScriptedResponse.Stream(Chunk.Text("Nice to meet you, Ada."), Chunk.Finish("stop")),
            ScriptedResponse.Stream(Chunk.Text("Your name is Ada."), Chunk.Finish("stop")));

        await host.RunAsync(host.EndpointOf("maf"), RunRequests.UserSays("I am Ada", threadId: "maf-3"));
        var second = new RunAgentInput { ThreadId = "maf-3", RunId = "run-2", Messages = [new UserMessage { Id = "u2", Content = "Who am I?" }] };
        await host.RunAsync(host.EndpointOf("maf"), second);

        var sent = model.Requests[1].Messages;
        Assert.Equal(["system", "user", "assistant", "user"], sent.Select(m => (string?)m!["role"]));
        Assert.Equal(("I am Ada", "Nice to meet you, Ada.", "Who am I?"), ((string?)sent[1]!["content"], (string?)sent[2]!["content"], (string?)sent[3]!["content"]));
    }
}
