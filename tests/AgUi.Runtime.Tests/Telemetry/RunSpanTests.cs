using System.Diagnostics;
using AgUi.Protocol.Events;
using AgUi.Protocol.Input;
using AgUi.Protocol.Messages;
using AgUi.Testing;

namespace AgUi.Runtime.Tests.Telemetry;

/// <summary>
/// The spans of a run through the standalone host, against the scripted model: one run with a backend tool
/// becomes <c>invoke_agent</c> → <c>chat</c>, <c>execute_tool</c>, <c>chat</c> (siblings in that order, as the
/// GenAI conventions nest them), each HTTP request to the model under its <c>chat</c> span.
/// </summary>
public sealed class RunSpanTests : IAsyncLifetime
{
    private const string Secret = "my card number is 4111 1111 1111 1111";
    private const string Answer = "It is noon in Tokyo, and here is something private.";
    private const string ToolArguments = """{"timeZone":"Asia/Tokyo"}""";

    private readonly string model = $"span-model-{Guid.NewGuid():N}";
    private ScriptedModelServer server = null!;

    public async Task InitializeAsync() => server = await ScriptedModelServer.StartAsync();

    public async Task DisposeAsync() => await server.DisposeAsync();

    [Fact]
    public async Task A_run_with_a_backend_tool_is_a_run_span_over_two_model_calls_and_the_tool_call_between_them()
    {
        var (capture, host, input, _) = await RunWithToolAsync(recordContent: false);
        await using var _host = host;

        var run = capture.RunSpan(input.RunId);
        Assert.Equal("invoke_agent default", run.DisplayName);
        Assert.Equal(ActivityKind.Internal, run.Kind);
        Assert.Equal("invoke_agent", run.GetTagItem("gen_ai.operation.name"));
        Assert.Equal("default", run.GetTagItem("gen_ai.agent.name"));
        Assert.Equal(input.ThreadId, run.GetTagItem("gen_ai.conversation.id"));
        Assert.Equal(input.ThreadId, run.GetTagItem("agui.thread.id"));
        Assert.Equal("success", run.GetTagItem("agui.run.outcome"));
        Assert.Null(run.GetTagItem("error.type"));
        Assert.Equal(ActivityStatusCode.Unset, run.Status);

        var children = capture.ChildrenOf(run);
        Assert.Equal([$"chat {model}", "execute_tool get_current_time", $"chat {model}"], children.Select(c => c.DisplayName));

        var (first, tool, second) = (children[0], children[1], children[2]);
        foreach (var call in new[] { first, second })
        {
            Assert.Equal(ActivityKind.Client, call.Kind);
            Assert.Equal("chat", call.GetTagItem("gen_ai.operation.name"));
            Assert.Equal("openai", call.GetTagItem("gen_ai.provider.name"));
            Assert.Equal(model, call.GetTagItem("gen_ai.request.model"));
            Assert.Equal("scripted-model", call.GetTagItem("gen_ai.response.model"));
            Assert.Equal(true, call.GetTagItem("gen_ai.request.stream"));
            Assert.Equal(input.ThreadId, call.GetTagItem("gen_ai.conversation.id"));
            Assert.Equal("127.0.0.1", call.GetTagItem("server.address"));
            Assert.IsType<double>(call.GetTagItem("gen_ai.response.time_to_first_chunk"));
            Assert.InRange((double)call.GetTagItem("gen_ai.response.time_to_first_chunk")!, 0, call.Duration.TotalSeconds);
            Assert.Equal("POST", Assert.Single(capture.ChildrenOf(call)).DisplayName);
        }

        Assert.Equal(["tool_calls"], (string[])first.GetTagItem("gen_ai.response.finish_reasons")!);
        Assert.Equal(["stop"], (string[])second.GetTagItem("gen_ai.response.finish_reasons")!);
        Assert.Equal((11, 4), ((int)first.GetTagItem("gen_ai.usage.input_tokens")!, (int)first.GetTagItem("gen_ai.usage.output_tokens")!));
        Assert.Equal((20, 6), ((int)second.GetTagItem("gen_ai.usage.input_tokens")!, (int)second.GetTagItem("gen_ai.usage.output_tokens")!));

        Assert.Equal(ActivityKind.Internal, tool.Kind);
        Assert.Equal("execute_tool", tool.GetTagItem("gen_ai.operation.name"));
        Assert.Equal("get_current_time", tool.GetTagItem("gen_ai.tool.name"));
        Assert.Equal("call_t", tool.GetTagItem("gen_ai.tool.call.id"));
        Assert.Equal("function", tool.GetTagItem("gen_ai.tool.type"));
        Assert.Equal(ActivityStatusCode.Unset, tool.Status);
        Assert.True(tool.StartTimeUtc >= first.StartTimeUtc + first.Duration && tool.StartTimeUtc + tool.Duration <= second.StartTimeUtc,
            "The tool call must run after the first model call ends and before the second starts.");
    }

    [Fact]
    public async Task No_prompt_completion_or_tool_argument_is_recorded_by_default()
    {
        var (capture, host, input, _) = await RunWithToolAsync(recordContent: false);
        await using var _host = host;

        var trace = capture.TraceOf(capture.RunSpan(input.RunId));
        Assert.True(trace.Count >= 4);
        string[] contentAttributes = ["gen_ai.input.messages", "gen_ai.output.messages", "gen_ai.tool.call.arguments", "gen_ai.tool.call.result", "gen_ai.system_instructions"];
        Assert.All(trace, span => Assert.DoesNotContain(span.TagObjects, t => contentAttributes.Contains(t.Key)));
        var everyValue = string.Join('\n', trace.SelectMany(s => s.TagObjects.Select(t => t.Value is string[] a ? string.Join(',', a) : t.Value?.ToString())));
        Assert.DoesNotContain(Secret, everyValue, StringComparison.Ordinal);
        Assert.DoesNotContain("noon in Tokyo", everyValue, StringComparison.Ordinal);
        Assert.DoesNotContain("Asia/Tokyo", everyValue, StringComparison.Ordinal);
        Assert.DoesNotContain(host.Logs.Entries, e => e.AllText().Contains(Secret, StringComparison.Ordinal) || e.AllText().Contains("noon in Tokyo", StringComparison.Ordinal));
    }

    [Fact]
    public async Task With_RecordContent_the_spans_carry_the_prompt_the_completion_and_the_tool_call_but_the_log_does_not()
    {
        var (capture, host, input, events) = await RunWithToolAsync(recordContent: true);
        await using var _host = host;

        var children = capture.ChildrenOf(capture.RunSpan(input.RunId));
        var (first, tool, second) = (children[0], children[1], children[2]);

        var prompt = (string)first.GetTagItem("gen_ai.input.messages")!;
        Assert.Contains($$"""{"role":"user","parts":[{"type":"text","content":"{{Secret}}"}]}""", prompt, StringComparison.Ordinal);
        Assert.Equal("""[{"role":"assistant","parts":[{"type":"tool_call","id":"call_t","name":"get_current_time","arguments":{"timeZone":"Asia/Tokyo"}}],"finish_reason":"tool_calls"}]""",
            first.GetTagItem("gen_ai.output.messages"));

        Assert.Equal(ToolArguments, tool.GetTagItem("gen_ai.tool.call.arguments"));
        var result = Assert.Single(events.OfType<ToolCallResultEvent>());
        Assert.Equal(result.Content.Text, tool.GetTagItem("gen_ai.tool.call.result"));

        Assert.Contains($$"""{"role":"tool","parts":[{"type":"tool_call_response","id":"call_t","response":""", (string)second.GetTagItem("gen_ai.input.messages")!, StringComparison.Ordinal);
        Assert.Equal($$"""[{"role":"assistant","parts":[{"type":"text","content":"{{Answer}}"}],"finish_reason":"stop"}]""", second.GetTagItem("gen_ai.output.messages"));

        Assert.DoesNotContain(host.Logs.Entries, e => e.AllText().Contains(Secret, StringComparison.Ordinal) || e.AllText().Contains("noon in Tokyo", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Every_log_line_of_the_run_carries_the_agent_the_thread_the_run_and_the_trace()
    {
        var (capture, host, input, _) = await RunWithToolAsync(recordContent: false);
        await using var _host = host;
        var run = capture.RunSpan(input.RunId);

        var lines = host.Logs.Entries.Where(e => Equals(e.ScopeValue("runId"), input.RunId)).ToList();
        Assert.Contains(lines, l => l.Message.Contains("Backend tool get_current_time ran for call call_t", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Message.Contains("thread storage requests", StringComparison.Ordinal));
        Assert.All(lines, l =>
        {
            Assert.Equal("default", l.ScopeValue("agent"));
            Assert.Equal(input.ThreadId, l.ScopeValue("threadId"));
            Assert.Equal(run.TraceId.ToHexString(), l.ScopeValue("traceId"));
        });
        Assert.DoesNotContain(host.Logs.Entries, l => l.Category.StartsWith("AgUi.", StringComparison.Ordinal) && l.Message.Contains("call_t", StringComparison.Ordinal) && l.ScopeValue("runId") is null);
    }

    private async Task<(TelemetryCapture Capture, AgUiTestHost Host, RunAgentInput Input, IReadOnlyList<BaseEvent> Events)> RunWithToolAsync(bool recordContent)
    {
        server.Enqueue(
            ScriptedResponse.Stream(Chunk.ToolCallStart(0, "call_t", "get_current_time", ToolArguments), Chunk.Finish("tool_calls"), Chunk.Usage(11, 4)),
            ScriptedResponse.Stream(Chunk.Text(Answer), Chunk.Finish("stop"), Chunk.Usage(20, 6)));
        var capture = new TelemetryCapture();
        var host = await AgUiTestHost.StartAsync(o =>
        {
            o.UseScriptedModel(server, model);
            o.Settings["AgUi:Telemetry:RecordContent"] = recordContent ? "true" : "false";
            o.ConfigureServices = capture.Register;
        });
        capture.Attach(host.Services);
        var input = new RunAgentInput
        {
            ThreadId = $"thread-{Guid.NewGuid():N}",
            RunId = $"run-{Guid.NewGuid():N}",
            Messages = [new UserMessage { Id = "u1", Content = Secret }],
        };

        var events = (await host.RunAsync(input)).Events;
        Assert.IsType<RunFinishedEvent>(events[^1]);
        return (capture, host, input, events);
    }
}
