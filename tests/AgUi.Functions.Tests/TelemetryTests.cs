using AgUi.Functions.HostStandIn;
using AgUi.Functions.Tests.Otlp;
using AgUi.Functions.Tests.Otlp.Proto;
using AgUi.Protocol.Events;
using AgUi.Protocol.Input;
using AgUi.Protocol.Messages;
using AgUi.Testing;

namespace AgUi.Functions.Tests;

/// <summary>
/// The Functions app's own telemetry registration (Program.cs: AddAgUiTelemetry with the worker's OpenTelemetry
/// defaults) running in the worker process behind the host stand-in. In Azure it exports to Azure Monitor; here
/// OTEL_EXPORTER_OTLP_ENDPOINT points the same registration's OTLP exporter at a receiver in the test, since an
/// in-memory exporter cannot reach across processes.
/// </summary>
[Collection(FunctionsAppTests.Name)]
public sealed class TelemetryTests(FunctionsAppFixture app) : IAsyncLifetime
{
    private OtlpReceiver receiver = null!;
    private FunctionsHostStandIn host = null!;

    public async Task InitializeAsync()
    {
        receiver = await OtlpReceiver.StartAsync();
        var settings = new Dictionary<string, string>(app.AppSettings)
        {
            ["OTEL_EXPORTER_OTLP_ENDPOINT"] = receiver.Endpoint.ToString().TrimEnd('/'),
            ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf",
            ["OTEL_BSP_SCHEDULE_DELAY"] = "100",
            ["OTEL_BLRP_SCHEDULE_DELAY"] = "100",
            ["OTEL_METRIC_EXPORT_INTERVAL"] = "200",
        };
        host = await FunctionsHostStandIn.StartAsync(FunctionsApp.Directory, settings);
    }

    public async Task DisposeAsync()
    {
        if (host is not null)
        {
            await host.DisposeAsync();
        }

        await receiver.DisposeAsync();
    }

    [Fact]
    public async Task A_run_in_the_worker_exports_its_span_tree_under_the_invocation_span_with_its_metrics_and_correlated_logs()
    {
        Assert.Equal("True", host.WorkerCapabilities.GetValueOrDefault("WorkerOpenTelemetryEnabled"));

        app.Model.Enqueue(
            ScriptedResponse.Stream(Chunk.ToolCallStart(0, "call_f", "get_current_time", """{"timeZone":"UTC"}"""), Chunk.Finish("tool_calls"), Chunk.Usage(12, 3)),
            ScriptedResponse.Stream(Chunk.Text("It is noon."), Chunk.Finish("stop"), Chunk.Usage(25, 4)));
        var input = new RunAgentInput
        {
            ThreadId = $"functions-telemetry-{Guid.NewGuid():N}",
            RunId = $"run-{Guid.NewGuid():N}",
            Messages = [new UserMessage { Id = "u1", Content = "What time is it?" }],
        };

        var events = (await host.RunAsync(input)).Events;
        Assert.IsType<RunFinishedEvent>(events[^1]);

        var run = await Eventually.FindAsync(() => receiver.Spans,
            s => s.Span.Name == "invoke_agent default" && OtlpReceiver.Attribute(s.Span.Attributes, "agui.run.id") == input.RunId, "the run span");
        Assert.Equal("success", OtlpReceiver.Attribute(run.Span.Attributes, "agui.run.outcome"));
        Assert.Equal("AgUi.Functions", OtlpReceiver.Attribute(run.Resource.Attributes, "service.name"));
        Assert.StartsWith("dotnetiso:", OtlpReceiver.Attribute(run.Resource.Attributes, "ai.sdk.prefix"), StringComparison.Ordinal);

        var invocation = Assert.Single(receiver.Spans, s => s.Span.SpanId == run.Span.ParentSpanId);
        Assert.Equal("Microsoft.Azure.Functions.Worker", invocation.Scope.Name);

        // Children end before their parent, so they were exported with it or before it.
        var children = ChildrenOf(run.Span);
        var calls = children.Where(c => c.Name.StartsWith("chat ", StringComparison.Ordinal) || c.Name.StartsWith("execute_tool ", StringComparison.Ordinal)).ToList();
        Assert.Equal(["chat scripted-model", "execute_tool get_current_time", "chat scripted-model"], calls.Select(c => c.Name));
        Assert.Equal(Span.Types.SpanKind.Client, calls[0].Kind);
        Assert.Equal("12", OtlpReceiver.Attribute(calls[0].Attributes, "gen_ai.usage.input_tokens"));
        Assert.Contains(children, c => c.Name == "TableClient.Query");
        Assert.Contains(children, c => c.Name == "TableClient.SubmitTransaction");

        var runs = await Eventually.FindAsync(() => receiver.Metrics, m => m.Name == "agui.runs" &&
            m.Sum.DataPoints.Any(p => OtlpReceiver.Attribute(p.Attributes, "agui.run.outcome") == "success"), "the agui.runs metric");
        Assert.True(runs.Sum.IsMonotonic);
        var tokens = await Eventually.FindAsync(() => receiver.Metrics, m => m.Name == "gen_ai.client.token.usage" &&
            m.Histogram.DataPoints.Any(p => OtlpReceiver.Attribute(p.Attributes, "gen_ai.token.type") == "input" && p.Sum >= 37), "the token usage metric");
        Assert.Equal("{token}", tokens.Unit);

        var traceId = run.Span.TraceId;
        var line = await Eventually.FindAsync(() => receiver.Logs, l => OtlpReceiver.Attribute(l.Attributes, "runId") == input.RunId, "a log line of the run");
        Assert.Equal(traceId, line.TraceId);
        Assert.Equal(input.ThreadId, OtlpReceiver.Attribute(line.Attributes, "threadId"));
        Assert.Equal("default", OtlpReceiver.Attribute(line.Attributes, "agent"));
        Assert.Equal(Convert.ToHexStringLower(traceId.ToByteArray()), OtlpReceiver.Attribute(line.Attributes, "traceId"));
    }

    private List<Span> ChildrenOf(Span parent) =>
        [.. receiver.Spans.Select(s => s.Span).Where(s => s.TraceId == parent.TraceId && s.ParentSpanId == parent.SpanId).OrderBy(s => s.StartTimeUnixNano)];
}
