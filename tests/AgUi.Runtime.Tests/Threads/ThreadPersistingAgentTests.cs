using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using AgUi.Protocol.Events;
using AgUi.Protocol.Messages;
using AgUi.Protocol.Verification;
using AgUi.Runtime.Agents;
using AgUi.Testing;
using AgUi.Runtime.Storage;
using AgUi.Runtime.Tests.Storage;
using AgUi.Runtime.Threads;
using Azure.Data.Tables;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;
using static AgUi.Runtime.Tests.Threads.AgentRuns;
using static AgUi.Runtime.Tests.Threads.ThreadTestData;

namespace AgUi.Runtime.Tests.Threads;

public sealed class ThreadPersistingAgentTests
{
    private readonly InMemoryThreadStore store = new();

    [Fact]
    public async Task ARunStoresTheUserMessageTheReplyAndTheClientsState()
    {
        var inner = ScriptedAgent.Replying("hello back");
        var events = await CollectAsync(Persisting(inner, store), Input("t", [User("u1", "hello")], """{"a":1}""", "run1"));

        Assert.DoesNotContain(events, e => e is StateSnapshotEvent);
        var thread = await store.LoadAsync("t", default);
        Assert.Equal(["u1", "reply-run1"], thread.Messages.Select(m => m.Id));
        Assert.Equal("hello back", Assert.IsType<AssistantMessage>(thread.Messages[1]).Content);
        Assert.Equal("""{"a":1}""", ToJson(thread.State));
    }

    [Fact]
    public async Task WithoutClientStateTheStoredStateIsUsedAndSentRightAfterRunStarted()
    {
        await Seed([User("u1", "hi"), Assistant("a1", "hello")], """{"todos":["milk"]}""");
        var inner = ScriptedAgent.Replying("ok");

        var events = await CollectAsync(Persisting(inner, store), Input("t", [User("u2", "more")]));

        Assert.IsType<RunStartedEvent>(events[0]);
        Assert.Equal("""{"todos":["milk"]}""", ToJson(Assert.IsType<StateSnapshotEvent>(events[1]).Snapshot));
        Assert.Single(events.OfType<StateSnapshotEvent>());
        var seen = Assert.Single(inner.Inputs);
        Assert.Equal("""{"todos":["milk"]}""", ToJson(seen.State));
        Assert.Equal(["u1", "a1", "u2"], seen.Messages.Select(m => m.Id));
    }

    [Fact]
    public async Task ANonEmptyClientStateWinsOverTheStoredOne()
    {
        await Seed([User("u1", "hi")], """{"stored":true}""");
        var inner = ScriptedAgent.Replying("ok");

        var events = await CollectAsync(Persisting(inner, store), Input("t", [User("u2", "x")], """{"client":true}"""));

        Assert.DoesNotContain(events, e => e is StateSnapshotEvent);
        Assert.Equal("""{"client":true}""", ToJson(Assert.Single(inner.Inputs).State));
        Assert.Equal("""{"client":true}""", ToJson((await store.LoadAsync("t", default)).State));
    }

    [Fact]
    public async Task ClientMessagesMergeIntoTheStoredHistoryById()
    {
        await Seed([User("u1", "original"), Assistant("a1", "answer")]);
        var inner = ScriptedAgent.Replying("ok");

        await CollectAsync(Persisting(inner, store), Input("t", [User("u1", "edited"), User("u2", "new")], runId: "r"));

        var seen = Assert.Single(inner.Inputs).Messages;
        Assert.Equal(["u1", "a1", "u2"], seen.Select(m => m.Id));
        Assert.Equal("edited", Assert.IsType<UserMessage>(seen[0]).Content.Text);
        Assert.Equal(["u1", "a1", "u2", "reply-r"], (await store.LoadAsync("t", default)).Messages.Select(m => m.Id));
    }

    [Fact]
    public async Task TheAgentSeesAtMostMaxHistoryMessagesWithoutAnOrphanToolResult()
    {
        await Seed(
        [
            User("u1", "q1"),
            new AssistantMessage { Id = "a1", ToolCalls = [new ToolCall { Id = "c1", Function = new FunctionCall { Name = "f", Arguments = "{}" } }] },
            new ToolMessage { Id = "t1", ToolCallId = "c1", Content = "done" },
            Assistant("a2", "answer"),
        ]);
        var inner = ScriptedAgent.Replying("ok");

        await CollectAsync(Persisting(inner, store, new ThreadStoreOptions { MaxHistoryMessages = 3 }), Input("t", [User("u2", "q2")]));

        Assert.Equal(["a2", "u2"], Assert.Single(inner.Inputs).Messages.Select(m => m.Id));
        Assert.Equal(6, (await store.LoadAsync("t", default)).Messages.Count);
    }

    [Fact]
    public async Task ASyncRunAnswersTheStoredThreadWithoutCallingTheAgent()
    {
        await Seed([User("u1", "hi"), Assistant("a1", "hello")], """{"s":1}""");
        var inner = ScriptedAgent.Replying("must not run");

        var events = await CollectAsync(Persisting(inner, store), Input("t", [User("u1", "hi")]));

        Assert.Empty(inner.Inputs);
        Assert.Equal([EventTypes.RunStarted, EventTypes.StateSnapshot, EventTypes.MessagesSnapshot, EventTypes.RunFinished], events.Select(e => e.Type));
        Assert.Equal("""{"s":1}""", ToJson(((StateSnapshotEvent)events[1]).Snapshot));
        Assert.Equal(["u1", "a1"], ((MessagesSnapshotEvent)events[2]).Messages.Select(m => m.Id));
        var verifier = new EventSequenceVerifier();
        Assert.All(events, e => Assert.Null(verifier.Accept(e)));
    }

    [Fact]
    public async Task ASyncRunStoresAClientStateTheThreadDidNotHave()
    {
        var inner = ScriptedAgent.Replying("must not run");

        var events = await CollectAsync(Persisting(inner, store), Input("t", [], """{"draft":"hello"}"""));

        Assert.Empty(inner.Inputs);
        Assert.Equal("""{"draft":"hello"}""", ToJson(((StateSnapshotEvent)events[1]).Snapshot));
        Assert.Equal("""{"draft":"hello"}""", ToJson((await store.LoadAsync("t", default)).State));
    }

    [Fact]
    public async Task AThreadEndingWithAnUnansweredUserMessageIsNotASyncRun()
    {
        await Seed([User("u1", "hi")]);
        var inner = ScriptedAgent.Replying("answer at last");

        await CollectAsync(Persisting(inner, store), Input("t", [User("u1", "hi")]));

        Assert.Single(inner.Inputs);
    }

    [Fact]
    public async Task StreamedToolCallsAndTheirResultsAreStoredAsTheModelWillNeedThem()
    {
        var inner = new ScriptedAgent((input, _) => new BaseEvent[]
        {
            new RunStartedEvent { ThreadId = input.ThreadId, RunId = input.RunId },
            new TextMessageStartEvent { MessageId = "m1", Role = TextMessageRole.Assistant },
            new TextMessageContentEvent { MessageId = "m1", Delta = "Checking." },
            new TextMessageEndEvent { MessageId = "m1" },
            new ToolCallStartEvent { ToolCallId = "c1", ToolCallName = "get_current_time", ParentMessageId = "m1" },
            new ToolCallArgsEvent { ToolCallId = "c1", Delta = """{"timeZone":""" },
            new ToolCallArgsEvent { ToolCallId = "c1", Delta = "\"UTC\"}" },
            new ToolCallEndEvent { ToolCallId = "c1" },
            new ToolCallResultEvent { MessageId = "r1", ToolCallId = "c1", Content = "00:00" },
            new TextMessageChunkEvent { MessageId = "m2", Role = TextMessageRole.Assistant, Delta = "Mid" },
            new TextMessageChunkEvent { Delta = "night." },
            new ToolCallStartEvent { ToolCallId = "c2", ToolCallName = "show_clock", ParentMessageId = "m2" },
            new ToolCallArgsEvent { ToolCallId = "c2", Delta = "{}" },
            new ToolCallEndEvent { ToolCallId = "c2" },
            new RunFinishedEvent { ThreadId = input.ThreadId, RunId = input.RunId },
        }.ToAsyncEnumerable());

        await CollectAsync(Persisting(inner, store), Input("t", [User("u1", "time?")]));

        var thread = await store.LoadAsync("t", default);
        Assert.Equal(["u1", "m1", "r1", "m2"], thread.Messages.Select(m => m.Id));
        var first = Assert.IsType<AssistantMessage>(thread.Messages[1]);
        Assert.Equal("Checking.", first.Content);
        var call = Assert.Single(first.ToolCalls!);
        Assert.Equal(("c1", "get_current_time", """{"timeZone":"UTC"}"""), (call.Id, call.Function.Name, call.Function.Arguments));
        Assert.Equal(("c1", "00:00"), (Assert.IsType<ToolMessage>(thread.Messages[2]).ToolCallId, ((ToolMessage)thread.Messages[2]).Content.Text));
        var second = Assert.IsType<AssistantMessage>(thread.Messages[3]);
        Assert.Equal("Midnight.", second.Content);
        Assert.Equal("show_clock", Assert.Single(second.ToolCalls!).Function.Name);
        Assert.Equal(JsonValueKind.Undefined, second.Metadata.ValueKind);
    }

    [Fact]
    public async Task AToolCallCutOffMidArgumentsIsLeftOutOfAnIncompleteRun()
    {
        async IAsyncEnumerable<BaseEvent> CutOff(AgUi.Protocol.Input.RunAgentInput input)
        {
            yield return new RunStartedEvent { ThreadId = input.ThreadId, RunId = input.RunId };
            yield return new ToolCallStartEvent { ToolCallId = "c1", ToolCallName = "f", ParentMessageId = "m1" };
            yield return new ToolCallArgsEvent { ToolCallId = "c1", Delta = """{"half":""" };
            await Task.Yield();
            throw new InvalidOperationException("stream broke");
        }

        await Assert.ThrowsAsync<InvalidOperationException>(() =>
            CollectAsync(Persisting(new ScriptedAgent((input, _) => CutOff(input)), store), Input("t", [User("u1", "go")])));

        Assert.Equal(["u1"], (await store.LoadAsync("t", default)).Messages.Select(m => m.Id));
    }

    [Fact]
    public async Task TheThreadIsStoredBeforeRunFinishedIsPassedOn()
    {
        var agent = Persisting(ScriptedAgent.Replying("stored first"), store);
        await foreach (var e in agent.RunAsync(Input("t", [User("u1", "hi")], runId: "r"), default))
        {
            if (e is RunFinishedEvent)
            {
                Assert.Equal(["u1", "reply-r"], (await store.LoadAsync("t", default)).Messages.Select(m => m.Id));
                return;
            }
        }

        Assert.Fail("no RUN_FINISHED");
    }

    [Fact]
    public async Task WhenTheModelFailsTheUserMessageAndThePartialReplyAreKeptMarkedIncomplete()
    {
        var inner = ScriptedAgent.FailingAfterPartialText("Half an ans", _ => throw new InvalidOperationException("model broke"));

        var failure = await Assert.ThrowsAsync<InvalidOperationException>(() => CollectAsync(Persisting(inner, store), Input("t", [User("u1", "question")], runId: "r")));

        Assert.Equal("model broke", failure.Message);
        var thread = await store.LoadAsync("t", default);
        Assert.Equal(["u1", "reply-r"], thread.Messages.Select(m => m.Id));
        var partial = Assert.IsType<AssistantMessage>(thread.Messages[1]);
        Assert.Equal("Half an ans", partial.Content);
        Assert.True(partial.Metadata.GetProperty("incomplete").GetBoolean());
    }

    [Fact]
    public async Task WhenTheClientDisconnectsThePartialReplyIsKept()
    {
        using var disconnect = new CancellationTokenSource();
        var inner = ScriptedAgent.FailingAfterPartialText("Partial", ct => Task.Delay(Timeout.Infinite, ct));
        var agent = Persisting(inner, store);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            await foreach (var e in agent.RunAsync(Input("t", [User("u1", "question")], runId: "r"), disconnect.Token))
            {
                if (e is TextMessageContentEvent)
                {
                    await disconnect.CancelAsync();
                }
            }
        });

        var thread = await store.LoadAsync("t", default);
        Assert.Equal("Partial", Assert.IsType<AssistantMessage>(thread.Messages[1]).Content);
        Assert.True(thread.Messages[1].Metadata.GetProperty("incomplete").GetBoolean());
    }

    [Fact]
    public async Task AnAbandonedStreamStillKeepsTheUserMessage()
    {
        var agent = Persisting(ScriptedAgent.Replying("never read"), store);

        await foreach (var e in agent.RunAsync(Input("t", [User("u1", "question")]), default))
        {
            if (e is RunStartedEvent)
            {
                break;
            }
        }

        Assert.Equal(["u1"], (await store.LoadAsync("t", default)).Messages.Select(m => m.Id));
    }

    [Fact]
    public async Task ARunErrorFromTheAgentIsPassedOnAfterSavingWhatTheUserSent()
    {
        var inner = new ScriptedAgent((input, _) => new BaseEvent[]
        {
            new RunStartedEvent { ThreadId = input.ThreadId, RunId = input.RunId },
            new RunErrorEvent { Message = "rate limited", Code = "MODEL_RATE_LIMITED" },
        }.ToAsyncEnumerable());

        var events = await CollectAsync(Persisting(inner, store), Input("t", [User("u1", "question")]));

        Assert.Equal("MODEL_RATE_LIMITED", Assert.IsType<RunErrorEvent>(events[^1]).Code);
        Assert.Equal(["u1"], (await store.LoadAsync("t", default)).Messages.Select(m => m.Id));
    }

    [Fact]
    public async Task AConflictReloadsAndMergesThisRunOntoTheNewerThread()
    {
        await Seed([User("u1", "hi")], """{"items":["a"]}""");
        var inner = ScriptedAgent.Replying("added c",
            _ => [new StateDeltaEvent { Delta = [new JsonPatchOperation { Op = JsonPatchOp.Add, Path = "/items/-", Value = Json("\"c\"") }] }],
            () => ThreadPersistingAgentAzuriteTests.CommitAnotherRunAsync(store));

        await CollectAsync(Persisting(inner, store), Input("t", [User("u2", "add c")], runId: "r"));

        var thread = await store.LoadAsync("t", default);
        Assert.Equal(["u1", "other", "other-reply", "u2", "reply-r"], thread.Messages.Select(m => m.Id));
        Assert.Equal("""{"items":["a","b","c"],"other":true}""", ToJson(thread.State));
    }

    [Fact]
    public async Task ConflictsBeyondTheRetryLimitEndWithThreadConflict()
    {
        var racing = new RivalRunStore(store);

        var failure = await Assert.ThrowsAsync<AgentRunException>(() =>
            CollectAsync(Persisting(ScriptedAgent.Replying("x"), racing, new ThreadStoreOptions { MaxConflictRetries = 2 }), Input("t", [User("u1", "hi")])));

        Assert.Equal(RunErrorCodes.ThreadConflict, failure.Code);
        Assert.Equal(3, racing.CommitsAttempted);
        Assert.Equal(["rival-1", "rival-2", "rival-3"], (await store.LoadAsync("t", default)).Messages.Select(m => m.Id));
    }

    [Fact]
    public async Task AnUnreachableStoreEndsTheRunWithThreadStoreUnavailableBeforeTheModelRuns()
    {
        var options = new TableClientOptions();
        options.Retry.MaxRetries = 0;
        var settings = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            [ThreadStorageConnection.Name] = $"DefaultEndpointsProtocol=http;AccountName={AzuriteFixture.AccountName};AccountKey={AzuriteFixture.AccountKey};TableEndpoint=http://127.0.0.1:{ClosedPort()}/{AzuriteFixture.AccountName};",
        }).Build();
        using var unreachable = new TableThreadStore(ThreadStorageConnection.CreateClient(settings, "threads", options)!, Options.Create(new ThreadStoreOptions()));
        var inner = ScriptedAgent.Replying("x");

        await using var host = await AgUiTestHost.StartAsync(o => o.Agent = Persisting(inner, unreachable));

        var events = (await host.RunAsync(Input("t", [User("u1", "hi")]))).Events;

        Assert.Equal(RunErrorCodes.ThreadStoreUnavailable, Assert.IsType<RunErrorEvent>(Assert.Single(events)).Code);
        Assert.Empty(inner.Inputs);
    }

    /// <summary>A loopback port nothing listens on: connections to it are refused.</summary>
    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private async Task Seed(IReadOnlyList<Message> messages, string? state = null)
    {
        var empty = await store.LoadAsync("t", default);
        await store.CommitAsync(empty, Commit(messages, state is null ? default : Json(state)), default);
    }
}
