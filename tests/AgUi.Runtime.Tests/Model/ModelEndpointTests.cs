using System.Net;
using System.Text.Json.Nodes;
using AgUi.Protocol.Events;
using AgUi.Runtime.Agents;
using AgUi.Runtime.Model;
using AgUi.Testing;
using AgUi.Runtime.Threads;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace AgUi.Runtime.Tests.Model;

/// <summary>The model agent in the standalone server (AddAgUi, MapAgUi, Kestrel), the scripted model behind it.</summary>
public sealed class ModelEndpointTests : IAsyncLifetime
{
    private const string SecretKey = "sk-endpoint-secret";

    private ScriptedModelServer model = null!;
    private AgUiTestHost host = null!;

    public async Task InitializeAsync()
    {
        model = await ScriptedModelServer.StartAsync();
        host = await AgUiTestHost.StartAsync(o =>
        {
            o.UseScriptedModel(model, "endpoint-model");
            o.Settings["AgUi:Model:ApiKey"] = SecretKey;
            o.ConfigureServices = services =>
            {
                services.RemoveAll<TimeProvider>();
                services.AddSingleton<TimeProvider>(new FixedTimeProvider(new DateTimeOffset(2026, 3, 1, 9, 0, 0, TimeSpan.Zero)));
            };
        });
    }

    public async Task DisposeAsync()
    {
        await host.DisposeAsync();
        await model.DisposeAsync();
    }

    [Fact]
    public void The_start_up_log_names_provider_endpoint_and_model_but_not_the_key()
    {
        var line = Assert.Single(host.Logs.Entries, e => e.Message.StartsWith("Agent 'default': model agent:", StringComparison.Ordinal));

        Assert.Contains("OpenAICompatible", line.Message, StringComparison.Ordinal);
        Assert.Contains(model.BaseUrl.ToString(), line.Message, StringComparison.Ordinal);
        Assert.Contains("endpoint-model", line.Message, StringComparison.Ordinal);
        Assert.Contains("get_current_time", line.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(host.Logs.Entries, e => e.AllText().Contains(SecretKey, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_run_streams_the_models_text_and_usage_over_SSE()
    {
        model.Enqueue(ScriptedResponse.Stream(Chunk.Text("Hello "), Chunk.Text("there"), Chunk.Finish("stop"), Chunk.Usage(7, 2)));

        var stream = await host.RunAsync(RunRequests.UserSays("Hi"));

        Assert.Equal(["RUN_STARTED", "TEXT_MESSAGE_START", "TEXT_MESSAGE_CONTENT", "TEXT_MESSAGE_CONTENT", "TEXT_MESSAGE_END", "RUN_FINISHED"],
            stream.Events.Select(e => e.Type));
        var usage = stream.Data[^1].GetProperty("usage")[0];
        Assert.Equal((7, 2, 9, "endpoint-model"),
            (usage.GetProperty("inputTokens").GetInt32(), usage.GetProperty("outputTokens").GetInt32(), usage.GetProperty("totalTokens").GetInt32(), usage.GetProperty("model").GetString()));
        Assert.Equal("Hi", (string?)Assert.Single(model.Requests).Messages[0]!["content"]);
    }

    [Fact]
    public async Task The_registered_get_current_time_tool_runs_and_its_result_is_on_the_wire()
    {
        model.Enqueue(
            ScriptedResponse.Stream(Chunk.ToolCallStart(0, "call_t", "get_current_time", "{\"timeZone\":\"Asia/Tokyo\"}"), Chunk.Finish("tool_calls")),
            ScriptedResponse.Stream(Chunk.Text("18:00 in Tokyo."), Chunk.Finish("stop")));

        var stream = await host.RunAsync(RunRequests.UserSays("Time in Tokyo?"));

        var result = Assert.Single(stream.Events.OfType<ToolCallResultEvent>());
        Assert.Equal("call_t", result.ToolCallId);
        Assert.Equal("2026-03-01T18:00:00+09:00", (string?)JsonNode.Parse(result.Content.Text!)!["localTime"]);
        Assert.Equal("RUN_FINISHED", stream.Events[^1].Type);
    }

    [Fact]
    public async Task A_model_failure_mid_stream_closes_the_message_and_ends_with_its_RUN_ERROR_code()
    {
        model.Enqueue(ScriptedResponse.BreakAfter(Chunk.Text("Partial")));

        var stream = await host.RunAsync(RunRequests.UserSays("Hi"));

        Assert.Equal(["RUN_STARTED", "TEXT_MESSAGE_START", "TEXT_MESSAGE_CONTENT", "TEXT_MESSAGE_END", "RUN_ERROR"], stream.Events.Select(e => e.Type));
        Assert.Equal(RunErrorCodes.ModelStreamBroken, ((RunErrorEvent)stream.Events[^1]).Code);
    }

    [Fact]
    public async Task A_client_that_disconnects_cancels_the_model_request()
    {
        model.Enqueue(ScriptedResponse.StallAfter(Chunk.Text("Still thinking")));
        using var request = RunRequests.Create(RunRequests.UserSays("Hi"));
        using (var response = await host.Client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead))
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var reader = new SseReader(await response.Content.ReadAsStreamAsync());
            while (await reader.ReadEventAsync() is { } agUiEvent && agUiEvent is not TextMessageContentEvent)
            {
            }
        }

        await Assert.Single(model.Requests).Aborted.WaitAsync(TimeSpan.FromSeconds(10));
    }
}
