using AgUi.Protocol.Events;
using AgUi.Runtime.Agents;
using AgUi.Testing;
using AgUi.Runtime.Tests.Storage;
using AgUi.Runtime.Threads;
using Azure.Core;
using Azure.Data.Tables;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using static AgUi.Runtime.Tests.Threads.AgentRuns;
using static AgUi.Runtime.Tests.Threads.ThreadTestData;

namespace AgUi.Runtime.Tests.Threads;

[Collection(AzuriteTests.Name)]
public sealed class ThreadPersistingAgentAzuriteTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task TenConcurrentRunsOnOneThreadLoseNoMessageAndNoStateChange()
    {
        using var store = CreateStore(out _);
        await store.CommitAsync(await store.LoadAsync("busy", default), Commit([], Json("""{"runs":[]}""")), default);

        // Every failed commit means another one succeeded, so ten runs need at most nine retries each.
        var options = new ThreadStoreOptions { MaxConflictRetries = 9 };
        var inner = ScriptedAgent.Replying("done", input =>
            [new StateDeltaEvent { Delta = [new JsonPatchOperation { Op = JsonPatchOp.Add, Path = "/runs/-", Value = Json($"\"{input.RunId}\"") }] }]);
        var agent = Persisting(inner, store, options);

        // CometChat-like clients send only their latest message; nothing else is known to each run.
        var runs = Enumerable.Range(0, 10).Select(i => Task.Run(() => CollectAsync(agent, Input("busy", [User($"u{i}", $"message {i}")], runId: $"run{i}"))));
        var results = await Task.WhenAll(runs);

        Assert.All(results, events => Assert.IsType<RunFinishedEvent>(events[^1]));
        var thread = await store.LoadAsync("busy", default);
        var ids = thread.Messages.Select(m => m.Id).ToHashSet();
        Assert.Equal(20, thread.Messages.Count);
        Assert.All(Enumerable.Range(0, 10), i => Assert.Contains($"u{i}", ids));
        Assert.All(Enumerable.Range(0, 10), i => Assert.Contains($"reply-run{i}", ids));
        Assert.Equal(Enumerable.Range(0, 10).Select(i => $"run{i}").Order(),
            thread.State.GetProperty("runs").EnumerateArray().Select(r => r.GetString()!).Order());
    }

    [Fact]
    public async Task AnOrdinaryRunMakesExactlyTwoStorageRequestsAndLogsTheCount()
    {
        var counter = new CountingPolicy();
        using var store = CreateStore(out _, counter);
        var logs = new ListLogger<ThreadPersistingAgent>();
        var agent = new ThreadPersistingAgent(ScriptedAgent.Replying("hi"), store, Options.Create(new ThreadStoreOptions()), logs, TimeProvider.System);
        await store.EnsureTableAsync(default);
        var created = counter.Count;

        await CollectAsync(agent, Input("count", [User("u1", "first")]));
        var first = counter.Count - created;
        await CollectAsync(agent, Input("count", [User("u2", "second")]));
        var second = counter.Count - created - first;

        // The table was created at start (one request); then each run is one partition query and one transaction.
        Assert.Equal((1, 2, 2), (created, first, second));
        Assert.Equal(["The run used 2 thread storage requests.", "The run used 2 thread storage requests."],
            logs.Messages.Where(m => m.Contains("storage requests", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task AConcurrentCommitMidRunIsMergedIntoTheRealStore()
    {
        using var store = CreateStore(out _);
        var seed = await store.LoadAsync("t", default);
        await store.CommitAsync(seed, Commit([User("u1", "hi")], Json("""{"items":["a"]}""")), default);
        var inner = ScriptedAgent.Replying("added c", input =>
        [
            new StateDeltaEvent { Delta = [new JsonPatchOperation { Op = JsonPatchOp.Add, Path = "/items/-", Value = Json("\"c\"") }] },
        ], () => CommitAnotherRunAsync(store));

        await CollectAsync(Persisting(inner, store), Input("t", [User("u2", "add c")], runId: "r"));

        var thread = await store.LoadAsync("t", default);
        Assert.Equal(["u1", "other", "other-reply", "u2", "reply-r"], thread.Messages.Select(m => m.Id));
        Assert.Equal("""{"items":["a","b","c"],"other":true}""", ToJson(thread.State));
    }

    [Fact]
    public async Task StorageGoingAwayMidRunEndsItWithAClearRunErrorAndKeepsTheCommittedThread()
    {
        using var store = CreateStore(out var client);
        var seed = await store.LoadAsync("outage", default);
        await store.CommitAsync(seed, Commit([User("u0", "before"), Assistant("a0", "kept")], Json("""{"n":1}""")), default);
        var inner = ScriptedAgent.FailingAfterPartialText("working on it", _ => azurite.StopAsync());
        await using var host = await AgUiTestHost.StartAsync(o => o.Agent = Persisting(inner, store));
        try
        {
            var events = (await host.RunAsync(Input("outage", [User("u1", "hello")]))).Events;

            Assert.Equal(RunErrorCodes.ThreadStoreUnavailable, Assert.IsType<RunErrorEvent>(events[^1]).Code);
            Assert.DoesNotContain(events, e => e is RunFinishedEvent);
        }
        finally
        {
            await azurite.StartAsync();
        }

        // A new store against the restarted service reads the thread as it was committed before the outage.
        using var fresh = new TableThreadStore(client, Options.Create(new ThreadStoreOptions()));
        var thread = await fresh.LoadAsync("outage", default);
        Assert.Equal(["u0", "a0"], thread.Messages.Select(m => m.Id));
        Assert.Equal("""{"n":1}""", ToJson(thread.State));
    }

    /// <summary>What another run on the same thread commits while the run under test is streaming.</summary>
    internal static async Task CommitAnotherRunAsync(IThreadStore store)
    {
        var current = await store.LoadAsync("t", default);
        await store.CommitAsync(current, Commit([.. current.Messages, User("other", "from another run"), Assistant("other-reply", "ok")],
            Json("""{"items":["a","b"],"other":true}"""), "other-run"), default);
    }

    private TableThreadStore CreateStore(out TableClient client, CountingPolicy? counter = null)
    {
        var options = new TableClientOptions();
        options.Retry.MaxRetries = 1;
        options.Retry.Delay = TimeSpan.FromMilliseconds(50);
        if (counter is not null)
        {
            options.AddPolicy(counter, HttpPipelinePosition.PerRetry);
        }

        client = azurite.CreateClient(AzuriteFixture.UniqueTableName("agent"), options);
        return new TableThreadStore(client, Options.Create(new ThreadStoreOptions()));
    }

    private sealed class ListLogger<T> : ILogger<T>
    {
        private readonly List<string> messages = [];

        public IReadOnlyList<string> Messages
        {
            get
            {
                lock (messages)
                {
                    return [.. messages];
                }
            }
        }

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            lock (messages)
            {
                messages.Add(formatter(state, exception));
            }
        }
    }
}
