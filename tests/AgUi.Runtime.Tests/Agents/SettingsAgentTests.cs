using AgUi.Protocol.Events;
using AgUi.Runtime.Tests.Model;
using AgUi.Runtime.Tools;
using AgUi.Testing;

namespace AgUi.Runtime.Tests.Agents;

/// <summary>Named model agents defined in settings (AgUi:Agents:&lt;name&gt;), served next to the default one.</summary>
public sealed class SettingsAgentTests : IAsyncLifetime
{
    private ScriptedModelServer model = null!;

    public async Task InitializeAsync() => model = await ScriptedModelServer.StartAsync();

    public async Task DisposeAsync() => await model.DisposeAsync();

    private Task<AgUiTestHost> StartAsync(Dictionary<string, string?> agents) => AgUiTestHost.StartAsync(o =>
    {
        o.UseScriptedModel(model, "shared-model");
        o.Settings["AgUi:Model:SystemPrompt"] = "You are the general assistant.";
        foreach (var (key, value) in agents)
        {
            o.Settings[key] = value;
        }
    });

    [Fact]
    public async Task A_settings_agent_has_its_own_prompt_model_and_tools_and_the_default_agent_keeps_the_shared_ones()
    {
        await using var host = await StartAsync(new()
        {
            ["AgUi:Agents:travel:SystemPrompt"] = "You plan trips.",
            ["AgUi:Agents:travel:Model"] = "travel-model",
            ["AgUi:Agents:travel:Tools"] = CurrentTimeTool.ToolName,
        });
        model.Enqueue(
            ScriptedResponse.Stream(Chunk.Text("Trips!"), Chunk.Finish("stop")),
            ScriptedResponse.Stream(Chunk.Text("Hello!"), Chunk.Finish("stop")));

        var travel = await host.RunAsync(host.EndpointOf("travel"), RunRequests.UserSays("Plan a trip", threadId: "t1"));
        var general = await host.RunAsync(RunRequests.UserSays("Hi", threadId: "t1"));

        Assert.Equal("Trips!", string.Concat(travel.Events.OfType<TextMessageContentEvent>().Select(e => e.Delta)));
        Assert.Equal("Hello!", string.Concat(general.Events.OfType<TextMessageContentEvent>().Select(e => e.Delta)));
        var (travelRequest, generalRequest) = (model.Requests[0], model.Requests[1]);
        Assert.Equal("travel-model", (string?)travelRequest.Body["model"]);
        Assert.Equal("You plan trips.", (string?)travelRequest.Messages[0]!["content"]);
        Assert.Equal([CurrentTimeTool.ToolName], travelRequest.ToolNames);
        Assert.Equal("shared-model", (string?)generalRequest.Body["model"]);
        Assert.Equal("You are the general assistant.", (string?)generalRequest.Messages[0]!["content"]);
        Assert.Equal([CurrentTimeTool.ToolName, "update_state"], generalRequest.ToolNames);
    }

    [Fact]
    public async Task A_settings_agent_naming_a_tool_nobody_registered_stops_the_start_naming_the_setting()
    {
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => StartAsync(new() { ["AgUi:Agents:travel:Tools"] = "book_flight" }));

        Assert.Contains("AgUi:Agents:travel:Tools names 'book_flight'", error.Message, StringComparison.Ordinal);
    }
}
