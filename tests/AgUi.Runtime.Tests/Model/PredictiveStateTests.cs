using System.ComponentModel;
using System.Text.Json;
using System.Text.Json.Nodes;
using AgUi.Protocol.Events;
using AgUi.Testing;
using AgUi.Runtime.Tests.Tools;
using AgUi.Runtime.Tools;
using static AgUi.Runtime.Tests.Model.ModelTestKit;

namespace AgUi.Runtime.Tests.Model;

/// <summary>State predicted from a tool call's arguments while the model streams them, and progress from a running tool.</summary>
public sealed class PredictiveStateTests
{
    [Fact]
    public async Task A_predicted_argument_streams_into_the_state_while_the_model_writes_it_and_the_final_value_is_kept()
    {
        await using var model = await ScriptedModelServer.StartAsync();
        model.Enqueue(
            ScriptedResponse.Stream(
                Chunk.ToolCallStart(0, "call_doc", "write_document", "{\"title\":\"Ode\",\"document\":\"Once"),
                Chunk.ToolCallArgs(0, " upon"),
                Chunk.ToolCallArgs(0, " a time"),
                Chunk.ToolCallArgs(0, ".\"}"),
                Chunk.Finish("tool_calls")),
            ScriptedResponse.Stream(Chunk.Text("Written."), Chunk.Finish("stop")));
        var tools = ToolKit.Catalog(TimeProvider.System, ToolKit.Tool(
            [DisplayName("write_document")] (string title, string document, ToolContext context) => $"{title}: {document.Length} characters, state {context.State?["document"]}",
            o => o.PredictState("document", "/document")));

        var run = await RunAsync(CreateAgent(OptionsFor(model), tools), Input(User("Write")) with { State = JsonDocument.Parse("""{"document":""}""").RootElement });

        var values = run.Of<StateDeltaEvent>().Select(d => Assert.Single(d.Delta)).Select(op => (op.Op, op.Path, op.Value.GetString())).ToList();
        Assert.Equal(
            [(JsonPatchOp.Add, "/document", "Once"), (JsonPatchOp.Add, "/document", "Once upon"), (JsonPatchOp.Add, "/document", "Once upon a time"), (JsonPatchOp.Add, "/document", "Once upon a time.")],
            values);
        var types = run.Types.ToList();
        Assert.True(types.IndexOf("STATE_DELTA") < types.IndexOf("TOOL_CALL_END"), "the first prediction arrives while the call is still streaming");
        Assert.Equal("Ode: 17 characters, state Once upon a time.", Assert.Single(run.Of<ToolCallResultEvent>()).Content.Text);
    }

    [Fact]
    public async Task A_tool_reports_named_steps_and_state_changes_as_they_happen()
    {
        await using var model = await ScriptedModelServer.StartAsync();
        model.Enqueue(
            ScriptedResponse.Stream(Chunk.ToolCallStart(0, "call_plan", "run_plan", "{\"steps\":[\"Search\",\"Book\"]}"), Chunk.Finish("tool_calls")),
            ScriptedResponse.Stream(Chunk.Text("All done."), Chunk.Finish("stop")));
        var tools = ToolKit.Catalog(TimeProvider.System, [DisplayName("run_plan")] (string[] steps, ToolContext context) =>
        {
            context.ReplaceState(new JsonObject { ["steps"] = new JsonArray([.. steps.Select(s => (JsonNode)new JsonObject { ["title"] = s, ["status"] = "pending" })]) });
            for (var i = 0; i < steps.Length; i++)
            {
                using var step = context.StartStep(steps[i]);
                context.UpdateState([new JsonPatchOperation { Op = JsonPatchOp.Replace, Path = $"/steps/{i}/status", Value = JsonDocument.Parse("\"done\"").RootElement }]);
            }

            context.StartStep("Left open");
            return "Plan finished.";
        });

        var run = await RunAsync(CreateAgent(OptionsFor(model), tools), Input(User("Plan my trip")));

        Assert.Null(run.Failure);
        var progress = run.Events.Where(e => e is StepStartedEvent or StepFinishedEvent or StateSnapshotEvent or StateDeltaEvent or ToolCallResultEvent)
            .Select(e => e switch
            {
                StepStartedEvent s => $"start {s.StepName}",
                StepFinishedEvent f => $"finish {f.StepName}",
                StateSnapshotEvent => "snapshot",
                StateDeltaEvent d => $"delta {d.Delta[0].Path}",
                _ => "result",
            });
        Assert.Equal(
            ["snapshot", "start Search", "delta /steps/0/status", "finish Search", "start Book", "delta /steps/1/status", "finish Book", "start Left open", "finish Left open", "result"],
            progress);
    }
}
