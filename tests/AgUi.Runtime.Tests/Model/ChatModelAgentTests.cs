using System.Text.Json;
using System.Text.Json.Nodes;
using AgUi.Protocol.Events;
using AgUi.Protocol.Messages;
using AgUi.Runtime.Agents;
using AgUi.Runtime.Tools;
using AgUi.Testing;
using Moq;
using static AgUi.Runtime.Tests.Model.ModelTestKit;

namespace AgUi.Runtime.Tests.Model;

public sealed class ChatModelAgentTests
{
    private static readonly DateTimeOffset SummerNoonUtc = new(2026, 7, 1, 12, 30, 0, TimeSpan.Zero);

    [Fact]
    public async Task Plain_text_streams_under_one_message_id_and_reports_usage()
    {
        await using var model = await ScriptedModelServer.StartAsync();
        model.Enqueue(ScriptedResponse.Stream(Chunk.Text("Hel"), Chunk.Text("lo!"), Chunk.Finish("stop"), Chunk.Usage(12, 3)));
        var agent = CreateAgent(OptionsFor(model, o => { o.Temperature = 0.25f; o.MaxOutputTokens = 300; }));

        var run = await RunAsync(agent, Input(User("Hi")));

        Assert.Null(run.Failure);
        Assert.Equal(["RUN_STARTED", "TEXT_MESSAGE_START", "TEXT_MESSAGE_CONTENT", "TEXT_MESSAGE_CONTENT", "TEXT_MESSAGE_END", "RUN_FINISHED"], run.Types);
        var start = Assert.Single(run.Of<TextMessageStartEvent>());
        Assert.StartsWith("msg_", start.MessageId, StringComparison.Ordinal);
        Assert.Equal(TextMessageRole.Assistant, start.Role);
        Assert.All(run.Of<TextMessageContentEvent>(), e => Assert.Equal(start.MessageId, e.MessageId));
        Assert.Equal("Hello!", run.Text);
        var usage = Assert.Single(run.Finished.Usage!);
        Assert.Equal((12L, 3L, 15L), (usage.InputTokens, usage.OutputTokens, usage.TotalTokens));
        Assert.Equal(("openai-compatible", "test-model"), (usage.Provider, usage.Model));

        var request = Assert.Single(model.Requests);
        Assert.EndsWith("/v1/chat/completions", request.Path, StringComparison.Ordinal);
        Assert.Equal("test-model", (string?)request.Body["model"]);
        Assert.True((bool?)request.Body["stream"]);
        Assert.True((bool?)request.Body["stream_options"]?["include_usage"]);
        Assert.Equal(0.25, (double)request.Body["temperature"]!, 3);
        Assert.Equal(300, (int?)request.Body["max_completion_tokens"]);
        Assert.Null(request.Tools);
        var message = Assert.Single(request.Messages);
        Assert.Equal(("user", "Hi"), ((string?)message!["role"], (string?)message["content"]));
    }

    [Fact]
    public async Task A_frontend_tool_call_is_streamed_and_the_next_run_continues_from_the_clients_result()
    {
        await using var model = await ScriptedModelServer.StartAsync();
        model.Enqueue(
            ScriptedResponse.Stream(
                Chunk.ToolCallStart(0, "call_weather", "show_weather", "{\"ci"),
                Chunk.ToolCallArgs(0, "ty\":\"Paris\"}"),
                Chunk.Finish("tool_calls"),
                Chunk.Usage(40, 9)),
            ScriptedResponse.Stream(Chunk.Text("Sunny in Paris."), Chunk.Finish("stop"), Chunk.Usage(60, 5)));
        var agent = CreateAgent(OptionsFor(model));
        var weather = FrontendTool("show_weather");
        var question = User("Weather in Paris?");

        var first = await RunAsync(agent, Input(question) with { Tools = [weather] });

        Assert.Null(first.Failure);
        Assert.Equal(["RUN_STARTED", "TOOL_CALL_START", "TOOL_CALL_ARGS", "TOOL_CALL_ARGS", "TOOL_CALL_END", "RUN_FINISHED"], first.Types);
        Assert.Empty(first.Of<ToolCallResultEvent>());
        var call = Assert.Single(first.Of<ToolCallStartEvent>());
        Assert.Equal(("call_weather", "show_weather"), (call.ToolCallId, call.ToolCallName));
        Assert.StartsWith("msg_", call.ParentMessageId, StringComparison.Ordinal);
        Assert.All(first.Of<ToolCallArgsEvent>(), a => Assert.Equal("call_weather", a.ToolCallId));
        var arguments = string.Concat(first.Of<ToolCallArgsEvent>().Select(a => a.Delta));
        Assert.Equal("{\"city\":\"Paris\"}", arguments);
        var offered = Assert.Single(model.Requests[0].Tools!);
        Assert.Equal("show_weather", (string?)offered!["function"]!["name"]);
        Assert.Equal("city", (string?)offered["function"]!["parameters"]!["required"]![0]);

        // What the official client holds after the first run, plus the result of running the tool.
        var assistant = new AssistantMessage
        {
            Id = call.ParentMessageId!,
            ToolCalls = [new ToolCall { Id = call.ToolCallId, Function = new FunctionCall { Name = call.ToolCallName, Arguments = arguments } }],
        };
        var toolResult = new ToolMessage { Id = "tool-1", ToolCallId = call.ToolCallId, Content = "Sunny, 24 °C" };
        var second = await RunAsync(agent, Input(question, assistant, toolResult) with { Tools = [weather] });

        Assert.Null(second.Failure);
        Assert.Equal("Sunny in Paris.", second.Text);
        var sent = model.Requests[1].Messages;
        Assert.Equal(["user", "assistant", "tool"], sent.Select(m => (string?)m!["role"]));
        var sentCall = sent[1]!["tool_calls"]![0]!;
        Assert.Equal(("call_weather", "show_weather", arguments),
            ((string?)sentCall["id"], (string?)sentCall["function"]!["name"], (string?)sentCall["function"]!["arguments"]));
        Assert.Equal(("call_weather", "Sunny, 24 °C"), ((string?)sent[2]!["tool_call_id"], (string?)sent[2]!["content"]));
    }

    [Fact]
    public async Task A_backend_tool_runs_in_the_server_and_its_result_goes_back_to_the_model()
    {
        await using var model = await ScriptedModelServer.StartAsync();
        model.Enqueue(
            ScriptedResponse.Stream(
                Chunk.Text("Let me check."),
                Chunk.ToolCallStart(0, "call_time", CurrentTimeTool.ToolName, "{\"timeZone\":"),
                Chunk.ToolCallArgs(0, "\"Europe/Paris\"}"),
                Chunk.Finish("tool_calls"),
                Chunk.Usage(30, 10)),
            ScriptedResponse.Stream(Chunk.Text("It is 14:30 in Paris."), Chunk.Finish("stop"), Chunk.Usage(50, 6)));
        var agent = CreateAgent(OptionsFor(model), new CurrentTimeTool(new FixedTimeProvider(SummerNoonUtc)));

        var run = await RunAsync(agent, Input(User("What time is it in Paris?")));

        Assert.Null(run.Failure);
        Assert.Equal(
            ["RUN_STARTED", "TEXT_MESSAGE_START", "TEXT_MESSAGE_CONTENT", "TOOL_CALL_START", "TOOL_CALL_ARGS", "TOOL_CALL_ARGS",
             "TEXT_MESSAGE_END", "TOOL_CALL_END", "TOOL_CALL_RESULT",
             "TEXT_MESSAGE_START", "TEXT_MESSAGE_CONTENT", "TEXT_MESSAGE_END", "RUN_FINISHED"],
            run.Types);
        var firstText = run.Of<TextMessageStartEvent>().First().MessageId;
        var secondText = run.Of<TextMessageStartEvent>().Last().MessageId;
        Assert.NotEqual(firstText, secondText);
        Assert.Equal(firstText, Assert.Single(run.Of<ToolCallStartEvent>()).ParentMessageId);

        var result = Assert.Single(run.Of<ToolCallResultEvent>());
        Assert.Equal(("call_time", ToolRole.Tool), (result.ToolCallId, result.Role));
        Assert.NotEqual(firstText, result.MessageId);
        var time = JsonNode.Parse(result.Content.Text!)!;
        Assert.Equal("2026-07-01T14:30:00+02:00", (string?)time["localTime"]);

        var usage = Assert.Single(run.Finished.Usage!);
        Assert.Equal((80L, 16L, 96L), (usage.InputTokens, usage.OutputTokens, usage.TotalTokens));

        Assert.Equal([CurrentTimeTool.ToolName], model.Requests[0].ToolNames);
        var sent = model.Requests[1].Messages;
        Assert.Equal(["user", "assistant", "tool"], sent.Select(m => (string?)m!["role"]));
        Assert.Equal("Let me check.", (string?)sent[1]!["content"]);
        Assert.Equal(("call_time", result.Content.Text), ((string?)sent[2]!["tool_call_id"], (string?)sent[2]!["content"]));
    }

    [Fact]
    public async Task A_backend_tools_own_events_follow_its_result()
    {
        await using var model = await ScriptedModelServer.StartAsync();
        model.Enqueue(
            ScriptedResponse.Stream(Chunk.ToolCallStart(0, "call_state", "set_flag", "{}"), Chunk.Finish("tool_calls")),
            ScriptedResponse.Stream(Chunk.Text("Done."), Chunk.Finish("stop")));
        var delta = new StateDeltaEvent { Delta = [new JsonPatchOperation { Op = JsonPatchOp.Add, Path = "/flag", Value = JsonDocument.Parse("true").RootElement }] };
        var tool = new Mock<IBackendTool>();
        tool.SetupGet(t => t.Name).Returns("set_flag");
        tool.SetupGet(t => t.Description).Returns("Sets the flag.");
        tool.SetupGet(t => t.ParametersSchema).Returns(JsonDocument.Parse("""{"type":"object","properties":{}}""").RootElement);
        tool.Setup(t => t.InvokeAsync(It.IsAny<JsonElement>(), It.IsAny<ToolInvocationContext>(), It.IsAny<CancellationToken>()))
            .Returns((JsonElement _, ToolInvocationContext context, CancellationToken _) =>
            {
                context.State.Current = JsonNode.Parse("""{"flag":true}""");
                context.Emit(delta);
                return ValueTask.FromResult(ToolResult.Success("flag set"));
            });
        var agent = CreateAgent(OptionsFor(model), tool.Object);

        var run = await RunAsync(agent, Input(User("Set the flag")) with { State = JsonDocument.Parse("{}").RootElement });

        var types = run.Types.ToList();
        Assert.Equal(types.IndexOf("TOOL_CALL_RESULT") + 1, types.IndexOf("STATE_DELTA"));
        Assert.Same(delta, Assert.Single(run.Of<StateDeltaEvent>()));
        Assert.Equal("Done.", run.Text);
    }

    [Fact]
    public async Task Parallel_tool_calls_are_told_apart_by_index()
    {
        await using var model = await ScriptedModelServer.StartAsync();
        model.Enqueue(
            ScriptedResponse.Stream(
                Chunk.ToolCallStart(0, "call_paris", CurrentTimeTool.ToolName, "{\"timeZone\":"),
                Chunk.ToolCallStart(1, "call_tokyo", CurrentTimeTool.ToolName, "{\"timeZone\":"),
                Chunk.ToolCallArgs(1, "\"Asia/Tokyo\"}"),
                Chunk.ToolCallArgs(0, "\"Europe/Paris\"}"),
                Chunk.Finish("tool_calls")),
            ScriptedResponse.Stream(Chunk.Text("Paris 14:30, Tokyo 21:30."), Chunk.Finish("stop")));
        var agent = CreateAgent(OptionsFor(model), new CurrentTimeTool(new FixedTimeProvider(SummerNoonUtc)));

        var run = await RunAsync(agent, Input(User("Time in Paris and Tokyo?")));

        Assert.Null(run.Failure);
        var starts = run.Of<ToolCallStartEvent>().ToList();
        Assert.Equal(["call_paris", "call_tokyo"], starts.Select(s => s.ToolCallId));
        Assert.Single(starts.Select(s => s.ParentMessageId).Distinct());
        string ArgumentsOf(string id) => string.Concat(run.Of<ToolCallArgsEvent>().Where(a => a.ToolCallId == id).Select(a => a.Delta));
        Assert.Equal("{\"timeZone\":\"Europe/Paris\"}", ArgumentsOf("call_paris"));
        Assert.Equal("{\"timeZone\":\"Asia/Tokyo\"}", ArgumentsOf("call_tokyo"));
        var results = run.Of<ToolCallResultEvent>().ToList();
        Assert.Equal(["call_paris", "call_tokyo"], results.Select(r => r.ToolCallId));
        Assert.Equal("2026-07-01T21:30:00+09:00", (string?)JsonNode.Parse(results[1].Content.Text!)!["localTime"]);

        var sent = model.Requests[1].Messages;
        Assert.Equal(["user", "assistant", "tool", "tool"], sent.Select(m => (string?)m!["role"]));
        Assert.Equal(["call_paris", "call_tokyo"], sent[1]!["tool_calls"]!.AsArray().Select(c => (string?)c!["id"]));
        Assert.Equal(["call_paris", "call_tokyo"], sent.Skip(2).Select(m => (string?)m!["tool_call_id"]));
    }

    [Fact]
    public async Task A_mixed_turn_runs_the_backend_call_and_hands_the_frontend_call_to_the_client()
    {
        await using var model = await ScriptedModelServer.StartAsync();
        model.Enqueue(ScriptedResponse.Stream(
            Chunk.ToolCallStart(0, "call_time", CurrentTimeTool.ToolName, "{\"timeZone\":\"Europe/Paris\"}"),
            Chunk.ToolCallStart(1, "call_show", "show_clock", "{\"city\":\"Paris\"}"),
            Chunk.Finish("tool_calls")));
        var agent = CreateAgent(OptionsFor(model), new CurrentTimeTool(new FixedTimeProvider(SummerNoonUtc)));

        var run = await RunAsync(agent, Input(User("Show me the clock in Paris")) with { Tools = [FrontendTool("show_clock")] });

        Assert.Null(run.Failure);
        Assert.Equal(["call_time", "call_show"], run.Of<ToolCallEndEvent>().Select(e => e.ToolCallId));
        Assert.Equal("call_time", Assert.Single(run.Of<ToolCallResultEvent>()).ToolCallId);
        Assert.Equal("RUN_FINISHED", run.Types.Last());
        Assert.Single(model.Requests);
        Assert.Equal(["show_clock", CurrentTimeTool.ToolName], model.Requests[0].ToolNames);
    }

    [Fact]
    public async Task The_run_stops_with_MAX_TURNS_EXCEEDED_when_the_model_keeps_calling_tools()
    {
        await using var model = await ScriptedModelServer.StartAsync();
        for (var i = 0; i < 3; i++)
        {
            model.Enqueue(ScriptedResponse.Stream(
                Chunk.ToolCallStart(0, $"call_{i}", CurrentTimeTool.ToolName, "{\"timeZone\":\"UTC\"}"), Chunk.Finish("tool_calls")));
        }

        var agent = CreateAgent(OptionsFor(model, o => o.MaxTurns = 2), new CurrentTimeTool(new FixedTimeProvider(SummerNoonUtc)));

        var run = await RunAsync(agent, Input(User("Loop forever")));

        Assert.Equal(RunErrorCodes.MaxTurnsExceeded, run.Failure?.Code);
        Assert.Contains("AgUi:Model:MaxTurns", run.Failure!.Message, StringComparison.Ordinal);
        Assert.Equal(["call_0", "call_1"], run.Of<ToolCallResultEvent>().Select(r => r.ToolCallId));
        Assert.Equal(2, model.Requests.Count);
    }

    [Fact]
    public async Task Invalid_tool_arguments_go_back_to_the_model_as_an_error_result()
    {
        await using var model = await ScriptedModelServer.StartAsync();
        model.Enqueue(
            ScriptedResponse.Stream(
                Chunk.ToolCallStart(0, "call_bad_json", CurrentTimeTool.ToolName, "{\"timeZone\": Europe/Paris"),
                Chunk.ToolCallStart(1, "call_missing", CurrentTimeTool.ToolName, "{}"),
                Chunk.Finish("tool_calls")),
            ScriptedResponse.Stream(Chunk.Text("Sorry, let me retry."), Chunk.Finish("stop")));
        var agent = CreateAgent(OptionsFor(model), new CurrentTimeTool(new FixedTimeProvider(SummerNoonUtc)));

        var run = await RunAsync(agent, Input(User("Time?")));

        Assert.Null(run.Failure);
        var results = run.Of<ToolCallResultEvent>().Select(r => r.Content.Text!).ToList();
        Assert.Contains("not valid JSON", results[0], StringComparison.Ordinal);
        Assert.Contains("missing required property timeZone", results[1], StringComparison.Ordinal);
        var sent = model.Requests[1].Messages;
        Assert.Equal(results, sent.Skip(2).Select(m => (string?)m!["content"]));
        Assert.Equal("Sorry, let me retry.", run.Text);
    }

    [Fact]
    public async Task A_call_to_a_tool_nobody_has_gets_an_error_result()
    {
        await using var model = await ScriptedModelServer.StartAsync();
        model.Enqueue(
            ScriptedResponse.Stream(Chunk.ToolCallStart(0, "call_ghost", "launch_rocket", "{}"), Chunk.Finish("tool_calls")),
            ScriptedResponse.Stream(Chunk.Text("I cannot do that."), Chunk.Finish("stop")));
        var agent = CreateAgent(OptionsFor(model), new CurrentTimeTool(TimeProvider.System));

        var run = await RunAsync(agent, Input(User("Launch")));

        Assert.Contains("no tool named 'launch_rocket'", Assert.Single(run.Of<ToolCallResultEvent>()).Content.Text, StringComparison.Ordinal);
        Assert.Equal("I cannot do that.", run.Text);
    }

    [Fact]
    public async Task A_frontend_tool_named_like_a_backend_tool_is_refused_before_the_model_is_called()
    {
        await using var model = await ScriptedModelServer.StartAsync();
        var agent = CreateAgent(OptionsFor(model), new CurrentTimeTool(TimeProvider.System));

        var run = await RunAsync(agent, Input(User("Hi")) with { Tools = [FrontendTool(CurrentTimeTool.ToolName)] });

        Assert.Equal(["RUN_STARTED", "RUN_ERROR"], run.Types);
        var error = Assert.Single(run.Of<RunErrorEvent>());
        Assert.Equal(RunErrorCodes.ToolNameConflict, error.Code);
        Assert.Contains($"'{CurrentTimeTool.ToolName}'", error.Message, StringComparison.Ordinal);
        Assert.Empty(model.Requests);
    }
}
