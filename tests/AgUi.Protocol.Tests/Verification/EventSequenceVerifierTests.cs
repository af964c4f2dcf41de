using AgUi.Protocol.Events;
using AgUi.Protocol.Verification;

namespace AgUi.Protocol.Tests.Verification;

public class EventSequenceVerifierTests
{
    private static readonly RunStartedEvent Started = new() { ThreadId = "t", RunId = "r1" };
    private static readonly RunFinishedEvent Finished = new() { ThreadId = "t", RunId = "r1" };
    private static readonly RunErrorEvent Errored = new() { Message = "failed", Code = "AGENT_ERROR" };

    [Fact]
    public void First_event_must_be_run_started_or_run_error()
    {
        Assert.NotNull(new EventSequenceVerifier().Accept(TextStart("m1")));
        Assert.NotNull(new EventSequenceVerifier().Accept(Finished));
        Assert.NotNull(new EventSequenceVerifier().Accept(new StepStartedEvent { StepName = "s" }));
        Assert.Null(new EventSequenceVerifier().Accept(Started));
        Assert.Null(new EventSequenceVerifier().Accept(Errored));
    }

    [Fact]
    public void After_run_error_only_a_new_run_started_is_allowed()
    {
        var verifier = Accepting(Started, Errored);

        Assert.NotNull(verifier.Accept(TextStart("m1")));
        Assert.NotNull(verifier.Accept(Finished));
        Assert.NotNull(verifier.Accept(Errored));
        Assert.NotNull(verifier.Accept(new CustomEvent { Name = "c", Value = default }));
        Assert.Null(verifier.Accept(Started with { RunId = "r2" }));
        Assert.Equal(RunPhase.Running, verifier.Phase);
    }

    [Fact]
    public void After_run_finished_only_run_started_or_run_error_is_allowed()
    {
        Assert.NotNull(Accepting(Started, Finished).Accept(TextStart("m1")));
        Assert.NotNull(Accepting(Started, Finished).Accept(Finished));
        Assert.NotNull(Accepting(Started, Finished).Accept(new StepStartedEvent { StepName = "s" }));
        Assert.Null(Accepting(Started, Finished).Accept(Errored));
        Assert.Null(Accepting(Started, Finished).Accept(Started with { RunId = "r2" }));
    }

    [Fact]
    public void Run_started_is_rejected_while_a_run_is_open()
    {
        Assert.NotNull(Accepting(Started).Accept(Started with { RunId = "r2" }));
    }

    [Fact]
    public void Text_message_content_and_end_need_an_open_message_with_that_id()
    {
        var verifier = Accepting(Started, TextStart("m1"));

        Assert.NotNull(verifier.Accept(new TextMessageContentEvent { MessageId = "m2", Delta = "x" }));
        Assert.NotNull(verifier.Accept(new TextMessageEndEvent { MessageId = "m2" }));
        Assert.Null(verifier.Accept(new TextMessageContentEvent { MessageId = "m1", Delta = "x" }));
        Assert.Null(verifier.Accept(new TextMessageEndEvent { MessageId = "m1" }));
        Assert.NotNull(verifier.Accept(new TextMessageContentEvent { MessageId = "m1", Delta = "late" }));
        Assert.NotNull(verifier.Accept(new TextMessageEndEvent { MessageId = "m1" }));
    }

    [Fact]
    public void A_text_message_id_cannot_be_opened_twice_while_open()
    {
        var verifier = Accepting(Started, TextStart("m1"));

        Assert.NotNull(verifier.Accept(TextStart("m1")));
        Assert.Null(verifier.Accept(TextStart("m2")));
        Assert.Null(verifier.Accept(new TextMessageEndEvent { MessageId = "m1" }));
        Assert.Null(verifier.Accept(TextStart("m1")));
    }

    [Fact]
    public void Tool_call_args_and_end_need_an_open_call_with_that_id()
    {
        var verifier = Accepting(Started, ToolStart("c1"));

        Assert.NotNull(verifier.Accept(new ToolCallArgsEvent { ToolCallId = "c2", Delta = "{}" }));
        Assert.NotNull(verifier.Accept(new ToolCallEndEvent { ToolCallId = "c2" }));
        Assert.Null(verifier.Accept(new ToolCallArgsEvent { ToolCallId = "c1", Delta = "{}" }));
        Assert.Null(verifier.Accept(new ToolCallEndEvent { ToolCallId = "c1" }));
        Assert.NotNull(verifier.Accept(new ToolCallArgsEvent { ToolCallId = "c1", Delta = "{}" }));
        Assert.NotNull(verifier.Accept(new ToolCallEndEvent { ToolCallId = "c1" }));
    }

    [Fact]
    public void A_tool_call_id_cannot_be_opened_twice_while_open()
    {
        var verifier = Accepting(Started, ToolStart("c1"));

        Assert.NotNull(verifier.Accept(ToolStart("c1")));
        Assert.Null(verifier.Accept(new ToolCallEndEvent { ToolCallId = "c1" }));
        Assert.Null(verifier.Accept(ToolStart("c1")));
    }

    [Fact]
    public void Reasoning_message_content_and_end_need_an_open_message_with_that_id()
    {
        var verifier = Accepting(Started, ReasoningStart("r1"));

        Assert.NotNull(verifier.Accept(new ReasoningMessageContentEvent { MessageId = "r2", Delta = "x" }));
        Assert.NotNull(verifier.Accept(new ReasoningMessageEndEvent { MessageId = "r2" }));
        Assert.Null(verifier.Accept(new ReasoningMessageContentEvent { MessageId = "r1", Delta = "x" }));
        Assert.Null(verifier.Accept(new ReasoningMessageEndEvent { MessageId = "r1" }));
        Assert.NotNull(verifier.Accept(new ReasoningMessageEndEvent { MessageId = "r1" }));
    }

    [Fact]
    public void A_reasoning_message_id_cannot_be_opened_twice_while_open()
    {
        var verifier = Accepting(Started, ReasoningStart("r1"));

        Assert.NotNull(verifier.Accept(ReasoningStart("r1")));
        Assert.Null(verifier.Accept(ReasoningStart("r2")));
    }

    [Fact]
    public void Reasoning_end_needs_an_open_span_and_a_span_id_cannot_be_opened_twice()
    {
        var verifier = Accepting(Started, new ReasoningStartEvent { MessageId = "r1" }, ReasoningStart("r1"));

        Assert.NotNull(verifier.Accept(new ReasoningStartEvent { MessageId = "r1" }));
        Assert.NotNull(verifier.Accept(new ReasoningEndEvent { MessageId = "r2" }));
        Assert.Null(verifier.Accept(new ReasoningMessageEndEvent { MessageId = "r1" }));
        Assert.Null(verifier.Accept(new ReasoningEndEvent { MessageId = "r1" }));
        Assert.NotNull(verifier.Accept(new ReasoningEndEvent { MessageId = "r1" }));
    }

    [Fact]
    public void Subagents_finish_only_when_active_and_their_run_ids_are_not_reused()
    {
        var verifier = Accepting(Started, Subagent("s1"));

        Assert.NotNull(verifier.Accept(Subagent("s1")));
        Assert.NotNull(verifier.Accept(new SubagentFinishedEvent { SubagentRunId = "s2" }));
        Assert.NotNull(verifier.Accept(Subagent("s3") with { ParentSubagentRunId = "unknown" }));
        Assert.Null(verifier.Accept(Subagent("s2") with { ParentSubagentRunId = "s1" }));
        Assert.Null(verifier.Accept(new SubagentErrorEvent { SubagentRunId = "s2", Message = "failed" }));
        Assert.Null(verifier.Accept(new SubagentFinishedEvent { SubagentRunId = "s1" }));
        Assert.NotNull(verifier.Accept(new SubagentErrorEvent { SubagentRunId = "s1", Message = "late" }));
        Assert.NotNull(verifier.Accept(Subagent("s1")));
        Assert.Null(verifier.Accept(Finished));
    }

    [Fact]
    public void Step_finished_needs_an_open_step_with_that_name()
    {
        var verifier = Accepting(Started, new StepStartedEvent { StepName = "plan" });

        Assert.NotNull(verifier.Accept(new StepFinishedEvent { StepName = "act" }));
        Assert.Null(verifier.Accept(new StepFinishedEvent { StepName = "plan" }));
        Assert.NotNull(verifier.Accept(new StepFinishedEvent { StepName = "plan" }));
    }

    [Fact]
    public void A_step_cannot_be_started_twice_while_open()
    {
        var verifier = Accepting(Started, new StepStartedEvent { StepName = "plan" });

        Assert.NotNull(verifier.Accept(new StepStartedEvent { StepName = "plan" }));
        Assert.Null(verifier.Accept(new StepStartedEvent { StepName = "act" }));
    }

    [Fact]
    public void Steps_are_open_per_owner_and_sealed_under_their_owner()
    {
        var verifier = Accepting(Started, Subagent("s1"), new StepStartedEvent { StepName = "plan" });

        Assert.Null(verifier.Accept(new StepStartedEvent { StepName = "plan", SubagentRunId = "s1" }));
        Assert.NotNull(verifier.Accept(new StepStartedEvent { StepName = "plan", SubagentRunId = "s1" }));
        Assert.NotNull(verifier.Accept(new StepFinishedEvent { StepName = "plan", SubagentRunId = "s2" }));
        Assert.Null(verifier.Accept(new StepFinishedEvent { StepName = "plan" }));

        var sealedStep = Assert.IsType<StepFinishedEvent>(verifier.Seal("AGENT_ERROR", "x")[0]);
        Assert.Equal(("plan", "s1"), (sealedStep.StepName, sealedStep.SubagentRunId));
    }

    public static TheoryData<string> OpenItems => ["text", "tool", "reasoning message", "reasoning span", "step", "subagent"];

    [Theory]
    [MemberData(nameof(OpenItems))]
    public void Run_finished_is_rejected_while_anything_is_open(string kind)
    {
        var (open, close) = OpenAndClose(kind);
        var verifier = Accepting(Started, open);

        var violation = verifier.Accept(Finished);

        Assert.NotNull(violation);
        Assert.Contains(kind == "tool" ? "tool call" : kind, violation, StringComparison.Ordinal);
        Assert.True(verifier.HasOpenItems);
        Assert.Null(verifier.Accept(close));
        Assert.Null(verifier.Accept(Finished));
    }

    [Fact]
    public void A_rejected_event_leaves_the_state_unchanged()
    {
        var verifier = Accepting(Started, TextStart("m1"), ToolStart("c1"));

        Assert.NotNull(verifier.Accept(TextStart("m1")));
        Assert.NotNull(verifier.Accept(Finished));
        Assert.NotNull(verifier.Accept(Started with { RunId = "r2" }));

        Assert.Equal(RunPhase.Running, verifier.Phase);
        Assert.True(verifier.HasOpenItems);
        Assert.Null(verifier.Accept(new TextMessageContentEvent { MessageId = "m1", Delta = "still open" }));
        Assert.Null(verifier.Accept(new TextMessageEndEvent { MessageId = "m1" }));
        Assert.Null(verifier.Accept(new ToolCallEndEvent { ToolCallId = "c1" }));
        Assert.Null(verifier.Accept(Finished));
    }

    [Fact]
    public void A_rejected_first_event_does_not_count_as_the_first()
    {
        var verifier = new EventSequenceVerifier();

        Assert.NotNull(verifier.Accept(TextStart("m1")));

        Assert.Equal(RunPhase.NotStarted, verifier.Phase);
        Assert.NotNull(verifier.Accept(TextStart("m1")));
        Assert.Null(verifier.Accept(Started));
    }

    [Fact]
    public void Seal_closes_everything_open_and_ends_with_run_error_carrying_the_code()
    {
        var verifier = Accepting(
            Started,
            new StepStartedEvent { StepName = "outer" },
            new StepStartedEvent { StepName = "inner" },
            TextStart("m1"),
            ToolStart("c1"),
            new ReasoningStartEvent { MessageId = "r1" },
            ReasoningStart("r1"),
            Subagent("s1"));

        var sealing = verifier.Seal("MODEL_TIMEOUT", "The model did not answer in time.");

        Assert.Collection(
            sealing,
            e => Assert.Equal("c1", Assert.IsType<ToolCallEndEvent>(e).ToolCallId),
            e => Assert.Equal("m1", Assert.IsType<TextMessageEndEvent>(e).MessageId),
            e => Assert.Equal("r1", Assert.IsType<ReasoningMessageEndEvent>(e).MessageId),
            e => Assert.Equal("r1", Assert.IsType<ReasoningEndEvent>(e).MessageId),
            e => Assert.Equal("inner", Assert.IsType<StepFinishedEvent>(e).StepName),
            e => Assert.Equal("outer", Assert.IsType<StepFinishedEvent>(e).StepName),
            e =>
            {
                var subagentError = Assert.IsType<SubagentErrorEvent>(e);
                Assert.Equal(("s1", "MODEL_TIMEOUT"), (subagentError.SubagentRunId, subagentError.Code));
            },
            e =>
            {
                var error = Assert.IsType<RunErrorEvent>(e);
                Assert.Equal("MODEL_TIMEOUT", error.Code);
                Assert.Equal("The model did not answer in time.", error.Message);
            });
        Assert.Equal(RunPhase.Errored, verifier.Phase);
        Assert.True(verifier.IsTerminated);
        Assert.False(verifier.HasOpenItems);
    }

    [Fact]
    public void Sealed_events_form_a_valid_stream_from_scratch()
    {
        var prefix = new BaseEvent[] { Started, TextStart("m1"), ToolStart("c1"), new StepStartedEvent { StepName = "s" } };
        var sealing = Accepting(prefix).Seal("INCOMPLETE_RUN", "stopped");

        var replay = new EventSequenceVerifier();
        Assert.All(prefix.Concat(sealing), e => Assert.Null(replay.Accept(e)));
        Assert.True(replay.IsTerminated);
    }

    [Fact]
    public void Seal_on_a_terminated_stream_is_empty()
    {
        Assert.Empty(Accepting(Started, Finished).Seal("AGENT_ERROR", "x"));
        Assert.Empty(Accepting(Started, Errored).Seal("AGENT_ERROR", "x"));
    }

    [Fact]
    public void Seal_before_run_started_gives_only_run_error()
    {
        var verifier = new EventSequenceVerifier();

        var sealing = verifier.Seal("AGENT_ERROR", "failed before starting");

        Assert.Equal("AGENT_ERROR", Assert.IsType<RunErrorEvent>(Assert.Single(sealing)).Code);
        Assert.Equal(RunPhase.Errored, verifier.Phase);
    }

    [Fact]
    public void A_new_run_after_an_error_starts_with_nothing_open()
    {
        var verifier = Accepting(Started, TextStart("m1"), Errored, Started with { RunId = "r2" });

        Assert.False(verifier.HasOpenItems);
        Assert.NotNull(verifier.Accept(new TextMessageEndEvent { MessageId = "m1" }));
        Assert.Null(verifier.Accept(Finished with { RunId = "r2" }));
    }

    private static EventSequenceVerifier Accepting(params BaseEvent[] events)
    {
        var verifier = new EventSequenceVerifier();
        foreach (var e in events)
        {
            Assert.Null(verifier.Accept(e));
        }

        return verifier;
    }

    private static TextMessageStartEvent TextStart(string id) => new() { MessageId = id, Role = TextMessageRole.Assistant };

    private static ToolCallStartEvent ToolStart(string id) => new() { ToolCallId = id, ToolCallName = "f" };

    private static ReasoningMessageStartEvent ReasoningStart(string id) => new() { MessageId = id };

    private static SubagentStartedEvent Subagent(string id) => new() { SubagentRunId = id, Name = "helper" };

    private static (BaseEvent Open, BaseEvent Close) OpenAndClose(string kind) => kind switch
    {
        "text" => (TextStart("m1"), new TextMessageEndEvent { MessageId = "m1" }),
        "tool" => (ToolStart("c1"), new ToolCallEndEvent { ToolCallId = "c1" }),
        "reasoning message" => (ReasoningStart("r1"), new ReasoningMessageEndEvent { MessageId = "r1" }),
        "reasoning span" => (new ReasoningStartEvent { MessageId = "r1" }, new ReasoningEndEvent { MessageId = "r1" }),
        "step" => (new StepStartedEvent { StepName = "s1" }, new StepFinishedEvent { StepName = "s1" }),
        _ => (Subagent("s1"), new SubagentFinishedEvent { SubagentRunId = "s1" }),
    };
}
