using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using AgUi.Runtime.Agents;
using AgUi.Runtime.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace AgUi.Runtime.Tests.Model;

/// <summary>The model agent behind the real endpoint: AddAgUi and MapAgUi on Kestrel, the scripted model behind it.</summary>
public sealed class ModelEndpointTests : IAsyncLifetime
{
    private ScriptedModelServer model = null!;
    private WebApplication app = null!;
    private Uri baseAddress = null!;

    public async Task InitializeAsync()
    {
        model = await ScriptedModelServer.StartAsync();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["AgUi:Model:Provider"] = "OpenAICompatible",
            ["AgUi:Model:Endpoint"] = model.BaseUrl.ToString(),
            ["AgUi:Model:Model"] = "endpoint-model",
            ["AgUi:Model:MaxRetries"] = "0",
        });
        builder.Services.AddSingleton<TimeProvider>(new FixedTimeProvider(new DateTimeOffset(2026, 3, 1, 9, 0, 0, TimeSpan.Zero)));
        builder.Services.AddAgUi(builder.Configuration);
        app = builder.Build();
        app.MapAgUi();
        await app.StartAsync();
        baseAddress = new Uri(app.Urls.Single());
    }

    public async Task DisposeAsync()
    {
        await app.DisposeAsync();
        await model.DisposeAsync();
    }

    private static HttpRequestMessage RunRequest(string userText) => new(HttpMethod.Post, AgUiEndpointRouteBuilderExtensions.DefaultPattern)
    {
        Content = new StringContent(
            $$"""{"threadId":"t1","runId":"r1","state":{},"messages":[{"id":"m1","role":"user","content":"{{userText}}"}],"tools":[],"context":[]}""",
            Encoding.UTF8, "application/json"),
        Headers = { { "Accept", "text/event-stream" } },
    };

    private HttpClient CreateClient() => new() { BaseAddress = baseAddress };

    private async Task<List<JsonNode>> PostRunAsync(string userText)
    {
        using var http = CreateClient();
        using var response = await http.SendAsync(RunRequest(userText));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadAsStringAsync();
        return body.Split("\n\n", StringSplitOptions.RemoveEmptyEntries)
            .Where(frame => frame.StartsWith("data: ", StringComparison.Ordinal))
            .Select(frame => JsonNode.Parse(frame["data: ".Length..])!)
            .ToList();
    }

    private static IEnumerable<string?> Types(IEnumerable<JsonNode> events) => events.Select(e => (string?)e["type"]);

    [Fact]
    public async Task A_run_streams_the_models_text_and_usage_over_SSE()
    {
        model.Enqueue(ScriptedResponse.Stream(Chunk.Text("Hello "), Chunk.Text("there"), Chunk.Finish("stop"), Chunk.Usage(7, 2)));

        var events = await PostRunAsync("Hi");

        Assert.Equal(["RUN_STARTED", "TEXT_MESSAGE_START", "TEXT_MESSAGE_CONTENT", "TEXT_MESSAGE_CONTENT", "TEXT_MESSAGE_END", "RUN_FINISHED"], Types(events));
        var usage = events[^1]["usage"]![0]!;
        Assert.Equal((7, 2, 9, "endpoint-model"), ((int)usage["inputTokens"]!, (int)usage["outputTokens"]!, (int)usage["totalTokens"]!, (string?)usage["model"]));
        Assert.Equal("Hi", (string?)Assert.Single(model.Requests).Messages[0]!["content"]);
    }

    [Fact]
    public async Task The_registered_get_current_time_tool_runs_and_its_result_is_on_the_wire()
    {
        model.Enqueue(
            ScriptedResponse.Stream(Chunk.ToolCallStart(0, "call_t", "get_current_time", "{\"timeZone\":\"Asia/Tokyo\"}"), Chunk.Finish("tool_calls")),
            ScriptedResponse.Stream(Chunk.Text("18:00 in Tokyo."), Chunk.Finish("stop")));

        var events = await PostRunAsync("Time in Tokyo?");

        var result = Assert.Single(events, e => (string?)e["type"] == "TOOL_CALL_RESULT");
        Assert.Equal(("call_t", "tool"), ((string?)result["toolCallId"], (string?)result["role"]));
        Assert.Equal("2026-03-01T18:00:00+09:00", (string?)JsonNode.Parse((string)result["content"]!)!["localTime"]);
        Assert.Equal("RUN_FINISHED", (string?)events[^1]["type"]);
    }

    [Fact]
    public async Task A_model_failure_mid_stream_closes_the_message_and_ends_with_its_RUN_ERROR_code()
    {
        model.Enqueue(ScriptedResponse.BreakAfter(Chunk.Text("Partial")));

        var events = await PostRunAsync("Hi");

        Assert.Equal(["RUN_STARTED", "TEXT_MESSAGE_START", "TEXT_MESSAGE_CONTENT", "TEXT_MESSAGE_END", "RUN_ERROR"], Types(events));
        Assert.Equal(RunErrorCodes.ModelStreamBroken, (string?)events[^1]["code"]);
    }

    [Fact]
    public async Task A_client_that_disconnects_cancels_the_model_request()
    {
        model.Enqueue(ScriptedResponse.StallAfter(Chunk.Text("Still thinking")));
        using var http = CreateClient();
        using var response = await http.SendAsync(RunRequest("Hi"), HttpCompletionOption.ResponseHeadersRead);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
        while (await reader.ReadLineAsync() is { } line && !line.Contains("TEXT_MESSAGE_CONTENT", StringComparison.Ordinal))
        {
        }

        response.Dispose();

        await Assert.Single(model.Requests).Aborted.WaitAsync(TimeSpan.FromSeconds(10));
    }
}
