using AgUi.Protocol.Events;
using AgUi.Protocol.Verification;
using FsCheck;
using FsCheck.Fluent;

namespace AgUi.Protocol.Tests.Verification;

public class EventSequenceVerifierPropertyTests
{
    private const string SealCode = "INVALID_EVENT_SEQUENCE";

    // Few ids and names, so that random sequences often reuse, close and reopen the same item.
    private static readonly string[] Ids = ["a", "b"];

    private static readonly Func<string, BaseEvent>[] EventMakers =
    [
        id => new RunStartedEvent { ThreadId = "t", RunId = id },
        id => new RunFinishedEvent { ThreadId = "t", RunId = id },
        _ => new RunErrorEvent { Message = "failed", Code = "AGENT_ERROR" },
        id => new TextMessageStartEvent { MessageId = id },
        id => new TextMessageContentEvent { MessageId = id, Delta = "x" },
        id => new TextMessageEndEvent { MessageId = id },
        id => new ToolCallStartEvent { ToolCallId = id, ToolCallName = "f" },
        id => new ToolCallArgsEvent { ToolCallId = id, Delta = "{}" },
        id => new ToolCallEndEvent { ToolCallId = id },
        id => new ReasoningStartEvent { MessageId = id },
        id => new ReasoningMessageStartEvent { MessageId = id },
        id => new ReasoningMessageContentEvent { MessageId = id, Delta = "x" },
        id => new ReasoningMessageEndEvent { MessageId = id },
        id => new ReasoningEndEvent { MessageId = id },
        id => new StepStartedEvent { StepName = id },
        id => new StepFinishedEvent { StepName = id },
        id => new StepStartedEvent { StepName = "a", SubagentRunId = id },
        id => new StepFinishedEvent { StepName = "a", SubagentRunId = id },
        id => new SubagentStartedEvent { SubagentRunId = id, Name = "helper" },
        id => new SubagentFinishedEvent { SubagentRunId = id },
        id => new StateSnapshotEvent { Snapshot = default },
    ];

    private static readonly Gen<BaseEvent> AnyEvent =
        Gen.Choose(0, (EventMakers.Length * Ids.Length) - 1).Select(n => EventMakers[n / Ids.Length](Ids[n % Ids.Length]));

    [Fact]
    public void Accepted_prefix_plus_seal_is_a_valid_stream_that_ends_the_run()
    {
        var sequences = Arb.From(AnyEvent.ListOf());

        Prop.ForAll(sequences, events =>
        {
            var verifier = new EventSequenceVerifier();
            var accepted = events.TakeWhile(e => verifier.Accept(e) is null).ToList();
            var sealing = verifier.Seal(SealCode, "sealed");
            var stream = accepted.Concat(sealing).ToList();

            var replay = new EventSequenceVerifier();
            var valid = stream.All(e => replay.Accept(e) is null);
            var ends = stream.Count > 0 && stream[^1] is RunFinishedEvent or RunErrorEvent;
            var sealedWithCode = sealing.Count == 0 || sealing[^1] is RunErrorEvent { Code: SealCode };
            return valid && ends && sealedWithCode && replay.IsTerminated && (sealing.Count == 0 || ClosedBeforeTheEnd(stream));
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(5000).WithEndSize(60));
    }

    [Fact]
    public void Sealed_streams_pass_the_official_clients_own_verifier()
    {
        var streams = Sequences(1500, 7).Select(events =>
        {
            var verifier = new EventSequenceVerifier();
            var accepted = events.TakeWhile(e => verifier.Accept(e) is null).ToList();
            return (IReadOnlyList<BaseEvent>)[.. accepted, .. verifier.Seal(SealCode, "sealed")];
        }).ToList();

        var verdicts = OfficialClientVerifier.Replay(streams);

        Assert.All(streams.Zip(verdicts), pair => Assert.True(pair.Second.Error is null,
            $"@ag-ui/client refused event {pair.Second.Accepted} of [{string.Join(", ", pair.First.Select(Describe))}]: {pair.Second.Error}"));
    }

    [Fact]
    public void The_verifier_refuses_exactly_the_event_the_official_client_refuses()
    {
        var streams = Sequences(1500, 11);

        var verdicts = OfficialClientVerifier.Replay(streams);

        Assert.All(streams.Zip(verdicts), pair =>
        {
            var verifier = new EventSequenceVerifier();
            var accepted = pair.First.TakeWhile(e => verifier.Accept(e) is null).Count();
            var clientAccepted = pair.Second.Error is null ? pair.First.Count : pair.Second.Accepted;
            Assert.True(accepted == clientAccepted,
                $"The verifier accepted {accepted} and @ag-ui/client {clientAccepted} events of [{string.Join(", ", pair.First.Select(Describe))}]: {pair.Second.Error}");
        });
    }

    /// <summary>
    /// A fixed sample of random event sequences (seeded, so a failure repeats), each opened by RUN_STARTED
    /// so that most get past the first event and break a rule further in.
    /// </summary>
    private static List<List<BaseEvent>> Sequences(int count, ulong seed) =>
        [.. AnyEvent.ListOf().Sample(count, new Rnd(seed), 40).Select(events => events.Prepend(EventMakers[0]("a")).ToList())];

    private static string Describe(BaseEvent e) => e switch
    {
        RunStartedEvent s => $"{e.Type}({s.RunId})",
        TextMessageStartEvent t => $"{e.Type}({t.MessageId})",
        TextMessageContentEvent t => $"{e.Type}({t.MessageId})",
        TextMessageEndEvent t => $"{e.Type}({t.MessageId})",
        ToolCallStartEvent t => $"{e.Type}({t.ToolCallId})",
        ToolCallArgsEvent t => $"{e.Type}({t.ToolCallId})",
        ToolCallEndEvent t => $"{e.Type}({t.ToolCallId})",
        StepStartedEvent t => $"{e.Type}({t.StepName},{t.SubagentRunId})",
        StepFinishedEvent t => $"{e.Type}({t.StepName},{t.SubagentRunId})",
        _ => e.Type,
    };

    /// <summary>True when nothing is open just before the stream's last event: Seal closed what it found open.</summary>
    private static bool ClosedBeforeTheEnd(List<BaseEvent> stream)
    {
        var replay = new EventSequenceVerifier();
        foreach (var e in stream[..^1])
        {
            replay.Accept(e);
        }

        return !replay.HasOpenItems;
    }
}
