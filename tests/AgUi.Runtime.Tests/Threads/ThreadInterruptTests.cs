using AgUi.Protocol.Events;
using AgUi.Protocol.Input;
using AgUi.Protocol.Messages;
using AgUi.Runtime.Agents;
using AgUi.Runtime.Threads;
using static AgUi.Runtime.Tests.Threads.AgentRuns;
using static AgUi.Runtime.Tests.Threads.ThreadTestData;

namespace AgUi.Runtime.Tests.Threads;

/// <summary>Interrupts kept with the thread: a run that pauses, and the next one that answers (or cannot answer) it.</summary>
public sealed class ThreadInterruptTests
{
    private static readonly DateTimeOffset Start = new(2026, 12, 1, 9, 0, 0, TimeSpan.Zero);

    private readonly InMemoryThreadStore store = new();
    private readonly MovableClock clock = new(Start);

    /// <summary>Pauses its first run on an approval of call_1; later runs record what they were given and answer.</summary>
    private static ScriptedAgent Pausing(DateTimeOffset expiresAt, bool answerWithResult = true) => new((input, _) => Run(input, expiresAt, answerWithResult));

    private static async IAsyncEnumerable<BaseEvent> Run(RunAgentInput input, DateTimeOffset expiresAt, bool answerWithResult)
    {
        yield return new RunStartedEvent { ThreadId = input.ThreadId, RunId = input.RunId };
        await Task.Yield();
        if (input.Resume is { Count: > 0 } resume)
        {
            foreach (var answer in resume.Where(_ => answerWithResult))
            {
                yield return new ToolCallResultEvent { MessageId = $"result-{answer.InterruptId}", ToolCallId = "call_1", Content = answer.Status.ToString() };
            }

            yield return new RunFinishedEvent { ThreadId = input.ThreadId, RunId = input.RunId };
            yield break;
        }

        yield return new ToolCallStartEvent { ToolCallId = "call_1", ToolCallName = "send_email", ParentMessageId = $"a-{input.RunId}" };
        yield return new ToolCallEndEvent { ToolCallId = "call_1" };
        yield return new RunFinishedEvent
        {
            ThreadId = input.ThreadId,
            RunId = input.RunId,
            Outcome = new RunFinishedInterruptOutcome
            {
                Interrupts = [new Interrupt { Id = "int_1", Reason = "tool_approval", ToolCallId = "call_1", ExpiresAt = expiresAt.ToString("O") }],
            },
        };
    }

    private async Task<ScriptedAgent> PausedAsync(ThreadPersistingAgent? agent = null)
    {
        var inner = Pausing(Start.AddMinutes(30));
        await CollectAsync(agent ?? Persisting(inner, store, clock: clock), Input("t", [User("u1", "email Ada")]));
        return inner;
    }

    private static RunAgentInput Answer(params ResumeEntry[] resume) => Input("t", []) with { Resume = resume };

    private static ResumeEntry Approve(string id = "int_1") => new() { InterruptId = id, Status = ResumeStatus.Resolved };

    [Fact]
    public async Task A_run_that_ends_with_an_interrupt_leaves_it_pending_and_a_sync_run_announces_it_again()
    {
        await PausedAsync();

        var thread = await store.LoadAsync("t", default);
        var sync = await CollectAsync(Persisting(Pausing(Start), store, clock: clock), Input("t", []));

        Assert.Equal("int_1", Assert.Single(thread.Interrupts.Pending).Id);
        var outcome = Assert.IsType<RunFinishedInterruptOutcome>(Assert.IsType<RunFinishedEvent>(sync[^1]).Outcome);
        Assert.Equal("int_1", Assert.Single(outcome.Interrupts).Id);
    }

    [Fact]
    public async Task A_resume_that_answers_the_pending_interrupt_reaches_the_agent_and_the_interrupt_is_answered()
    {
        await PausedAsync();
        var inner = Pausing(Start);

        var events = await CollectAsync(Persisting(inner, store, clock: clock), Answer(Approve()));

        Assert.IsType<RunFinishedEvent>(events[^1]);
        Assert.Equal("int_1", Assert.Single(Assert.Single(inner.Inputs).Resume!).InterruptId);
        var thread = await store.LoadAsync("t", default);
        Assert.Empty(thread.Interrupts.Pending);
        Assert.Equal(["int_1"], thread.Interrupts.Answered);
        Assert.Contains(thread.Messages, m => m is ToolMessage { ToolCallId: "call_1" });
    }

    public static TheoryData<string, ResumeEntry[]> RefusedAnswers => new()
    {
        { RunErrorCodes.InterruptNotFound, [Approve(), Approve("int_unknown")] },
        { RunErrorCodes.InterruptAlreadyAnswered, [Approve(), Approve()] },
    };

    [Theory]
    [MemberData(nameof(RefusedAnswers))]
    public async Task A_resume_that_does_not_fit_the_pending_interrupts_is_refused_and_changes_nothing(string code, ResumeEntry[] resume)
    {
        await PausedAsync();
        var before = await store.LoadAsync("t", default);
        var inner = Pausing(Start);

        var events = await CollectAsync(Persisting(inner, store, clock: clock), Answer(resume));

        Assert.Equal(["RUN_STARTED", "RUN_ERROR"], events.Select(e => e.Type));
        Assert.Equal(code, Assert.IsType<RunErrorEvent>(events[^1]).Code);
        Assert.Empty(inner.Inputs);
        Assert.Equal(before.Version, (await store.LoadAsync("t", default)).Version);
    }

    [Fact]
    public async Task A_resume_that_leaves_a_pending_interrupt_unanswered_is_refused()
    {
        var inner = new ScriptedAgent((input, _) => TwoInterrupts(input));
        await CollectAsync(Persisting(inner, store, clock: clock), Input("t", [User("u1", "two things")]));

        var events = await CollectAsync(Persisting(Pausing(Start), store, clock: clock), Answer(Approve("int_a")));

        Assert.Equal(RunErrorCodes.InterruptNotAnswered, Assert.IsType<RunErrorEvent>(events[^1]).Code);
        Assert.Contains("'int_b'", ((RunErrorEvent)events[^1]).Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_answered_interrupt_cannot_be_answered_again_and_a_thread_with_nothing_pending_refuses_resume()
    {
        await PausedAsync();
        await CollectAsync(Persisting(Pausing(Start), store, clock: clock), Answer(Approve()));

        var again = await CollectAsync(Persisting(Pausing(Start), store, clock: clock), Answer(Approve()));
        var unknown = await CollectAsync(Persisting(Pausing(Start), store, clock: clock), Answer(Approve("int_never")));

        Assert.Equal(RunErrorCodes.InterruptAlreadyAnswered, Assert.IsType<RunErrorEvent>(again[^1]).Code);
        Assert.Equal(RunErrorCodes.NoPendingInterrupt, Assert.IsType<RunErrorEvent>(unknown[^1]).Code);
    }

    [Fact]
    public async Task An_expired_interrupt_can_be_cancelled_but_not_approved()
    {
        await PausedAsync();
        clock.Now = Start.AddMinutes(31);

        var approved = await CollectAsync(Persisting(Pausing(Start), store, clock: clock), Answer(Approve()));
        var cancelled = await CollectAsync(Persisting(Pausing(Start), store, clock: clock), Answer(new ResumeEntry { InterruptId = "int_1", Status = ResumeStatus.Cancelled }));

        Assert.Equal(RunErrorCodes.InterruptExpired, Assert.IsType<RunErrorEvent>(approved[^1]).Code);
        Assert.IsType<RunFinishedEvent>(cancelled[^1]);
    }

    [Fact]
    public async Task A_new_user_message_cancels_the_pending_interrupt()
    {
        await PausedAsync();
        var inner = Pausing(Start);

        await CollectAsync(Persisting(inner, store, clock: clock), Input("t", [User("u2", "never mind, something else")]));

        var seen = Assert.Single(inner.Inputs);
        var cancelled = Assert.Single(seen.Resume!);
        Assert.Equal(("int_1", ResumeStatus.Cancelled), (cancelled.InterruptId, cancelled.Status));
        var thread = await store.LoadAsync("t", default);
        Assert.Empty(thread.Interrupts.Pending);
        Assert.Equal(["int_1"], thread.Interrupts.Answered);
    }

    [Fact]
    public async Task A_run_that_fails_before_answering_keeps_the_interrupt_pending()
    {
        await PausedAsync();
        var failing = new ScriptedAgent((input, _) => FailAfterStart(input));

        await CollectAsync(Persisting(failing, store, clock: clock), Answer(Approve()));

        Assert.Equal("int_1", Assert.Single((await store.LoadAsync("t", default)).Interrupts.Pending).Id);
    }

    private static async IAsyncEnumerable<BaseEvent> TwoInterrupts(RunAgentInput input)
    {
        yield return new RunStartedEvent { ThreadId = input.ThreadId, RunId = input.RunId };
        await Task.Yield();
        yield return new RunFinishedEvent
        {
            ThreadId = input.ThreadId,
            RunId = input.RunId,
            Outcome = new RunFinishedInterruptOutcome { Interrupts = [new Interrupt { Id = "int_a", Reason = "r" }, new Interrupt { Id = "int_b", Reason = "r" }] },
        };
    }

    private static async IAsyncEnumerable<BaseEvent> FailAfterStart(RunAgentInput input)
    {
        yield return new RunStartedEvent { ThreadId = input.ThreadId, RunId = input.RunId };
        await Task.Yield();
        yield return new RunErrorEvent { Message = "the model failed", Code = RunErrorCodes.ModelServerError };
    }

    private sealed class MovableClock(DateTimeOffset now) : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = now;

        public override DateTimeOffset GetUtcNow() => Now;
    }
}
