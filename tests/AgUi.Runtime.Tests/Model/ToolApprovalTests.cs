using System.ComponentModel;
using System.Text.Json;
using System.Text.Json.Nodes;
using AgUi.Protocol.Events;
using AgUi.Protocol.Input;
using AgUi.Protocol.Messages;
using AgUi.Testing;
using AgUi.Runtime.Agents;
using AgUi.Runtime.Model;
using AgUi.Runtime.Tests.Tools;
using static AgUi.Runtime.Tests.Model.ModelTestKit;

namespace AgUi.Runtime.Tests.Model;

/// <summary>Tools that need a person's approval: the run pauses with an interrupt, and the next run's resume answers it.</summary>
public sealed class ToolApprovalTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 1, 9, 0, 0, TimeSpan.Zero);

    private readonly List<string> sent = [];

    private ChatModelAgent CreateAgentWithEmailTool(ScriptedModelServer model) => CreateAgent(
        OptionsFor(model, o => o.ApprovalExpiry = TimeSpan.FromMinutes(30)),
        ToolKit.Catalog(TimeProvider.System, ToolKit.Tool(
            [DisplayName("send_email")] (string to, string subject) =>
            {
                sent.Add($"{to}: {subject}");
                return $"Sent to {to}.";
            },
            o => o.RequiresApproval = true)),
        new FixedTimeProvider(Now));

    private static ScriptedResponse EmailCall(string arguments = """{"to":"ada@example.com","subject":"Hi"}""") =>
        ScriptedResponse.Stream(Chunk.Text("I'll send it."), Chunk.ToolCallStart(0, "call_mail", "send_email", arguments), Chunk.Finish("tool_calls"));

    [Fact]
    public async Task A_call_to_a_tool_that_needs_approval_streams_and_ends_the_run_with_an_interrupt_without_running_it()
    {
        await using var model = await ScriptedModelServer.StartAsync();
        model.Enqueue(EmailCall());

        var run = await RunAsync(CreateAgentWithEmailTool(model), Input(User("Email Ada")));

        Assert.Null(run.Failure);
        Assert.Equal(["RUN_STARTED", "TEXT_MESSAGE_START", "TEXT_MESSAGE_CONTENT", "TOOL_CALL_START", "TOOL_CALL_ARGS", "TEXT_MESSAGE_END", "TOOL_CALL_END", "RUN_FINISHED"], run.Types);
        Assert.Empty(sent);
        var outcome = Assert.IsType<RunFinishedInterruptOutcome>(run.Finished.Outcome);
        var interrupt = Assert.Single(outcome.Interrupts);
        Assert.Equal(("tool_approval", "call_mail"), (interrupt.Reason, interrupt.ToolCallId));
        Assert.Contains("send_email", interrupt.Message, StringComparison.Ordinal);
        Assert.Equal("2026-12-01T09:30:00.000Z", interrupt.ExpiresAt);
        Assert.Equal(["approved"], interrupt.ResponseSchema.GetProperty("required").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal("send_email", interrupt.Metadata.GetProperty("toolName").GetString());
        Assert.Equal("ada@example.com", interrupt.Metadata.GetProperty("arguments").GetProperty("to").GetString());
        Assert.Single(model.Requests);
    }

    [Theory]
    [InlineData("""{"approved":true}""", "ada@example.com: Hi", "Sent to ada@example.com.")]
    [InlineData("""{"approved":true,"arguments":{"to":"grace@example.com","subject":"Hello"}}""", "grace@example.com: Hello", "Sent to grace@example.com.")]
    [InlineData("""{"approved":false}""", null, "The user did not approve this call to send_email; it did not run.")]
    public async Task A_resolved_answer_runs_the_tool_or_tells_the_model_it_was_not_approved_and_the_model_continues(string payload, string? expectedSend, string expectedResult)
    {
        await using var model = await ScriptedModelServer.StartAsync();
        model.Enqueue(EmailCall(), ScriptedResponse.Stream(Chunk.Text("Done."), Chunk.Finish("stop")));
        var agent = CreateAgentWithEmailTool(model);
        var question = User("Email Ada");
        var first = await RunAsync(agent, Input(question));
        var interrupt = Assert.Single(Assert.IsType<RunFinishedInterruptOutcome>(first.Finished.Outcome).Interrupts);

        var second = await RunAsync(agent, Input(question, CallFrom(first)) with
        {
            Resume = [new ResumeEntry { InterruptId = interrupt.Id, Status = ResumeStatus.Resolved, Payload = JsonDocument.Parse(payload).RootElement }],
        });

        Assert.Null(second.Failure);
        Assert.Equal(expectedSend is null ? [] : [expectedSend], sent);
        var result = Assert.Single(second.Of<ToolCallResultEvent>());
        Assert.Equal(("call_mail", expectedResult), (result.ToolCallId, result.Content.Text));
        Assert.Equal("TOOL_CALL_RESULT", second.Types.ElementAt(1));
        Assert.Equal("Done.", second.Text);
        Assert.Null(second.Finished.Outcome);
        var toolMessage = model.Requests[1].Messages.Last();
        Assert.Equal(("tool", "call_mail", expectedResult), ((string?)toolMessage!["role"], (string?)toolMessage["tool_call_id"], (string?)toolMessage["content"]));
    }

    [Fact]
    public async Task A_cancelled_interrupt_tells_the_model_the_call_did_not_run()
    {
        await using var model = await ScriptedModelServer.StartAsync();
        model.Enqueue(EmailCall(), ScriptedResponse.Stream(Chunk.Text("OK, not sent."), Chunk.Finish("stop")));
        var agent = CreateAgentWithEmailTool(model);
        var question = User("Email Ada");
        var first = await RunAsync(agent, Input(question));
        var interrupt = Assert.Single(Assert.IsType<RunFinishedInterruptOutcome>(first.Finished.Outcome).Interrupts);

        var second = await RunAsync(agent, Input(question, CallFrom(first)) with
        {
            Resume = [new ResumeEntry { InterruptId = interrupt.Id, Status = ResumeStatus.Cancelled }],
        });

        Assert.Empty(sent);
        Assert.Equal("The call to send_email was cancelled before anyone approved it; it did not run.", Assert.Single(second.Of<ToolCallResultEvent>()).Content.Text);
    }

    [Theory]
    [InlineData("""{"ok":true}""")]
    [InlineData("""{"approved":"yes"}""")]
    [InlineData("""{"approved":true,"arguments":"to grace"}""")]
    [InlineData("true")]
    public async Task A_payload_that_does_not_match_the_response_schema_is_refused_before_anything_runs(string payload)
    {
        await using var model = await ScriptedModelServer.StartAsync();
        model.Enqueue(EmailCall());
        var agent = CreateAgentWithEmailTool(model);
        var first = await RunAsync(agent, Input(User("Email Ada")));
        var interrupt = Assert.Single(Assert.IsType<RunFinishedInterruptOutcome>(first.Finished.Outcome).Interrupts);

        var second = await RunAsync(agent, Input(User("Email Ada"), CallFrom(first)) with
        {
            Resume = [new ResumeEntry { InterruptId = interrupt.Id, Status = ResumeStatus.Resolved, Payload = JsonDocument.Parse(payload).RootElement }],
        });

        Assert.Equal(RunErrorCodes.InterruptResponseInvalid, second.Failure?.Code);
        Assert.Empty(sent);
        Assert.Single(model.Requests);
    }

    [Fact]
    public async Task An_interrupt_id_that_names_no_tool_call_of_the_history_is_not_found()
    {
        await using var model = await ScriptedModelServer.StartAsync();

        var run = await RunAsync(CreateAgentWithEmailTool(model), Input(User("Hi")) with
        {
            Resume = [new ResumeEntry { InterruptId = "approve-call_nowhere", Status = ResumeStatus.Cancelled }],
        });

        Assert.Equal(RunErrorCodes.InterruptNotFound, run.Failure?.Code);
        Assert.Empty(model.Requests);
    }

    [Fact]
    public async Task Frontend_calls_left_for_the_client_are_named_in_the_success_outcome()
    {
        await using var model = await ScriptedModelServer.StartAsync();
        model.Enqueue(ScriptedResponse.Stream(
            Chunk.ToolCallStart(0, "call_a", "show_map", "{\"city\":\"Oslo\"}"),
            Chunk.ToolCallStart(1, "call_b", "show_map", "{\"city\":\"Rome\"}"),
            Chunk.Finish("tool_calls")));

        var run = await RunAsync(CreateAgent(OptionsFor(model)), Input(User("Maps")) with { Tools = [FrontendTool("show_map")] });

        var outcome = Assert.IsType<RunFinishedSuccessOutcome>(run.Finished.Outcome);
        Assert.Equal(["call_a", "call_b"], outcome.PendingToolCallIds);
    }

    /// <summary>The assistant message the client holds after the first run: its text and tool call.</summary>
    private static AssistantMessage CallFrom(RunOutcome run)
    {
        var start = Assert.Single(run.Of<ToolCallStartEvent>());
        return new AssistantMessage
        {
            Id = start.ParentMessageId!,
            Content = run.Text,
            ToolCalls = [new ToolCall { Id = start.ToolCallId, Function = new FunctionCall { Name = start.ToolCallName, Arguments = string.Concat(run.Of<ToolCallArgsEvent>().Select(a => a.Delta)) } }],
        };
    }
}
