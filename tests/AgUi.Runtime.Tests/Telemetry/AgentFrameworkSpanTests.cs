using System.ComponentModel;
using System.Diagnostics;
using AgUi.Protocol.Events;
using AgUi.Protocol.Input;
using AgUi.Protocol.Messages;
using AgUi.Testing;
using Microsoft.Agents.AI;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;

namespace AgUi.Runtime.Tests.Telemetry;

/// <summary>
/// A Microsoft Agent Framework agent over the configured <see cref="IChatClient"/>: its model and tool calls are
/// traced by that client, under the run span the endpoint opens, with no content unless RecordContent asks.
/// </summary>
public sealed class AgentFrameworkSpanTests : IAsyncLifetime
{
    private const string Secret = "my passport number is X1234567";

    private readonly string model = $"maf-span-model-{Guid.NewGuid():N}";
    private ScriptedModelServer server = null!;

    [Description("The weather in a city.")]
    private static string GetWeather([Description("The city")] string city) => $"Sunny in {city}";

    public async Task InitializeAsync() => server = await ScriptedModelServer.StartAsync();

    public async Task DisposeAsync() => await server.DisposeAsync();

    [Fact]
    public async Task Its_model_calls_and_tool_call_are_spans_under_the_run_span_without_content()
    {
        var (capture, host, input) = await RunAsync(recordContent: false);
        await using var _host = host;

        var run = capture.RunSpan(input.RunId);
        Assert.Equal("invoke_agent maf", run.DisplayName);
        var below = Descendants(capture, run);
        var chats = below.Where(s => s.DisplayName == $"chat {model}").ToList();
        Assert.Equal(2, chats.Count);
        Assert.All(chats, chat =>
        {
            Assert.Equal(ActivityKind.Client, chat.Kind);
            Assert.Equal("chat", chat.GetTagItem("gen_ai.operation.name"));
            Assert.Equal(model, chat.GetTagItem("gen_ai.request.model"));
            Assert.Equal("POST", Assert.Single(capture.ChildrenOf(chat)).DisplayName);
        });
        Assert.Equal((20, 5), ((int)chats[0].GetTagItem("gen_ai.usage.input_tokens")!, (int)chats[0].GetTagItem("gen_ai.usage.output_tokens")!));
        var tool = Assert.Single(below, s => s.DisplayName == "execute_tool GetWeather");
        Assert.Equal("call_w", tool.GetTagItem("gen_ai.tool.call.id"));
        Assert.True(tool.StartTimeUtc >= chats[0].StartTimeUtc + chats[0].Duration && tool.StartTimeUtc + tool.Duration <= chats[1].StartTimeUtc,
            "The tool call must run after the first model call ends and before the second starts.");

        var everyValue = string.Join('\n', below.SelectMany(s => s.TagObjects.Select(t => t.Value?.ToString())));
        Assert.DoesNotContain(Secret, everyValue, StringComparison.Ordinal);
        Assert.DoesNotContain("Sunny in Oslo", everyValue, StringComparison.Ordinal);
    }

    [Fact]
    public async Task With_RecordContent_its_model_call_spans_carry_the_prompt()
    {
        var (capture, host, input) = await RunAsync(recordContent: true);
        await using var _host = host;

        var first = Descendants(capture, capture.RunSpan(input.RunId)).First(s => s.DisplayName == $"chat {model}");
        Assert.Contains(Secret, (string)first.GetTagItem("gen_ai.input.messages")!, StringComparison.Ordinal);
        Assert.DoesNotContain(host.Logs.Entries, e => e.AllText().Contains(Secret, StringComparison.Ordinal));
    }

    private static List<Activity> Descendants(TelemetryCapture capture, Activity root)
    {
        var found = new List<Activity>();
        var parents = new Queue<Activity>([root]);
        while (parents.TryDequeue(out var parent))
        {
            foreach (var child in capture.ChildrenOf(parent))
            {
                found.Add(child);
                parents.Enqueue(child);
            }
        }

        return [.. found.OrderBy(s => s.StartTimeUtc)];
    }

    private async Task<(TelemetryCapture Capture, AgUiTestHost Host, RunAgentInput Input)> RunAsync(bool recordContent)
    {
        server.Enqueue(
            ScriptedResponse.Stream(Chunk.ToolCallStart(0, "call_w", "GetWeather", """{"city":"Oslo"}"""), Chunk.Finish("tool_calls"), Chunk.Usage(20, 5)),
            ScriptedResponse.Stream(Chunk.Text("It is sunny in Oslo."), Chunk.Finish("stop"), Chunk.Usage(30, 6)));
        var capture = new TelemetryCapture();
        var host = await AgUiTestHost.StartAsync(o =>
        {
            o.UseScriptedModel(server, model);
            o.Settings["AgUi:Telemetry:RecordContent"] = recordContent ? "true" : "false";
            o.ConfigureServices = capture.Register;
            o.ConfigureAgUi = agUi => agUi.AddAgent("maf", services => new ChatClientAgent(
                services.GetRequiredService<IChatClient>(), name: "weather", tools: [AIFunctionFactory.Create(GetWeather)]));
        });
        capture.Attach(host.Services);
        var input = new RunAgentInput
        {
            ThreadId = $"thread-{Guid.NewGuid():N}",
            RunId = $"run-{Guid.NewGuid():N}",
            Messages = [new UserMessage { Id = "u1", Content = Secret }],
        };

        var events = (await host.RunAsync(host.EndpointOf("maf"), input)).Events;
        Assert.IsType<RunFinishedEvent>(events[^1]);
        return (capture, host, input);
    }
}
