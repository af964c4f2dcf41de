using AgUi.Protocol.Events;
using AgUi.Protocol.Input;
using AgUi.Protocol.Messages;
using AgUi.Runtime.Threads;
using AgUi.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace AgUi.Runtime.Tests.Telemetry;

/// <summary>
/// The metric values after known runs of a named agent only these tests use (its name and model name keep
/// other tests' measurements out of the points).
/// </summary>
public sealed class RunMetricsTests : IAsyncLifetime
{
    private readonly string agent = $"metrics{Guid.NewGuid():N}"[..20];
    private readonly string model = $"metrics-model-{Guid.NewGuid():N}";
    private readonly TelemetryCapture capture = new();
    private ScriptedModelServer server = null!;

    public async Task InitializeAsync() => server = await ScriptedModelServer.StartAsync();

    public async Task DisposeAsync() => await server.DisposeAsync();

    [Fact]
    public async Task A_run_with_a_tool_and_a_rate_limited_run_count_as_one_success_and_one_MODEL_RATE_LIMITED_with_their_tokens_and_durations()
    {
        await using var host = await StartAsync();
        server.Enqueue(
            ScriptedResponse.Stream(Chunk.ToolCallStart(0, "call_m", "get_current_time", """{"timeZone":"UTC"}"""), Chunk.Finish("tool_calls"), Chunk.Usage(10, 3)),
            ScriptedResponse.Stream(Chunk.Text("Done."), Chunk.Finish("stop"), Chunk.Usage(20, 5)),
            ScriptedResponse.Error(429, """{"error":{"message":"slow down","type":"rate_limit"}}"""));

        var succeeded = (await host.RunAsync(host.EndpointOf(agent), Input())).Events;
        var failed = (await host.RunAsync(host.EndpointOf(agent), Input())).Events;
        Assert.IsType<RunFinishedEvent>(succeeded[^1]);
        Assert.Equal("MODEL_RATE_LIMITED", Assert.IsType<RunErrorEvent>(failed[^1]).Code);

        var runs = capture.Points("agui.runs", ("gen_ai.agent.name", agent));
        Assert.Equal(2, runs.Count);
        var success = Assert.Single(runs, p => Equals(TelemetryCapture.Tag(p, "agui.run.outcome"), "success"));
        Assert.Equal(1, success.GetSumLong());
        Assert.Null(TelemetryCapture.Tag(success, "error.type"));
        var error = Assert.Single(runs, p => Equals(TelemetryCapture.Tag(p, "agui.run.outcome"), "error"));
        Assert.Equal(1, error.GetSumLong());
        Assert.Equal("MODEL_RATE_LIMITED", TelemetryCapture.Tag(error, "error.type"));

        Assert.Equal(2, capture.Points("agui.run.duration", ("gen_ai.agent.name", agent)).Sum(p => p.GetHistogramCount()));
        Assert.Equal(0, Assert.Single(capture.Points("agui.server.active_streams", ("gen_ai.agent.name", agent))).GetSumLong());

        var input = Assert.Single(capture.Points("gen_ai.client.token.usage", ("gen_ai.request.model", model), ("gen_ai.token.type", "input")));
        Assert.Equal((2, 30.0), (input.GetHistogramCount(), input.GetHistogramSum()));
        var output = Assert.Single(capture.Points("gen_ai.client.token.usage", ("gen_ai.request.model", model), ("gen_ai.token.type", "output")));
        Assert.Equal((2, 8.0), (output.GetHistogramCount(), output.GetHistogramSum()));
        Assert.Equal("openai", TelemetryCapture.Tag(output, "gen_ai.provider.name"));
        Assert.Equal("chat", TelemetryCapture.Tag(output, "gen_ai.operation.name"));

        var durations = capture.Points("gen_ai.client.operation.duration", ("gen_ai.request.model", model));
        Assert.Equal(2, durations.Where(p => TelemetryCapture.Tag(p, "error.type") is null).Sum(p => p.GetHistogramCount()));
        Assert.Equal(1, Assert.Single(durations, p => Equals(TelemetryCapture.Tag(p, "error.type"), "MODEL_RATE_LIMITED")).GetHistogramCount());

        // The refused call never streamed a chunk, so only the two answered calls have a time to first chunk.
        Assert.Equal(2, capture.Points("gen_ai.client.operation.time_to_first_chunk", ("gen_ai.request.model", model)).Sum(p => p.GetHistogramCount()));
    }

    [Fact]
    public async Task A_commit_that_loses_to_a_rival_run_twice_counts_two_retried_conflicts_and_a_run_that_gives_up_one_more()
    {
        var rivals = new RivalRunStore(new InMemoryThreadStore());
        await using var host = await StartAsync(services =>
        {
            services.RemoveAll<IThreadStore>();
            services.AddSingleton<IThreadStore>(rivals);
            services.Configure<ThreadStoreOptions>(o => o.MaxConflictRetries = 2);
        });
        server.Enqueue(ScriptedResponse.Stream(Chunk.Text("Hi."), Chunk.Finish("stop")));

        var events = (await host.RunAsync(host.EndpointOf(agent), Input())).Events;

        Assert.Equal("THREAD_CONFLICT", Assert.IsType<RunErrorEvent>(events[^1]).Code);
        var conflicts = capture.Points("agui.thread.conflicts", ("gen_ai.agent.name", agent));
        Assert.Equal(2, Assert.Single(conflicts, p => Equals(TelemetryCapture.Tag(p, "agui.thread.conflict.resolution"), "retried")).GetSumLong());
        Assert.Equal(1, Assert.Single(conflicts, p => Equals(TelemetryCapture.Tag(p, "agui.thread.conflict.resolution"), "gave_up")).GetSumLong());
        Assert.Equal(1, Assert.Single(capture.Points("agui.runs", ("gen_ai.agent.name", agent), ("error.type", "THREAD_CONFLICT"))).GetSumLong());
    }

    private async Task<AgUiTestHost> StartAsync(Action<IServiceCollection>? configure = null)
    {
        var host = await AgUiTestHost.StartAsync(o =>
        {
            o.UseScriptedModel(server, model);
            o.Settings[$"AgUi:Agents:{agent}:SystemPrompt"] = "You count.";
            o.ConfigureServices = services =>
            {
                capture.Register(services);
                configure?.Invoke(services);
            };
        });
        capture.Attach(host.Services);
        return host;
    }

    private static RunAgentInput Input() => new()
    {
        ThreadId = $"thread-{Guid.NewGuid():N}",
        RunId = $"run-{Guid.NewGuid():N}",
        Messages = [new UserMessage { Id = $"u-{Guid.NewGuid():N}", Content = "What time is it?" }],
    };
}
