using System.Text;
using System.Text.Json;
using AgUi.Protocol.Messages;
using AgUi.Runtime.Tests.Storage;
using AgUi.Runtime.Threads;
using AgUi.Testing;
using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Data.Tables;
using Microsoft.Extensions.Options;
using static AgUi.Runtime.Tests.Threads.ThreadTestData;

namespace AgUi.Runtime.Tests.Threads;

[Collection(AzuriteTests.Name)]
public sealed class TableThreadStoreTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task StateAndHistoryRoundTrip()
    {
        using var store = CreateStore(out _);
        var empty = await store.LoadAsync("thread-1", default);
        Assert.Empty(empty.Messages);
        Assert.Null(empty.Version);
        Assert.Equal(JsonValueKind.Undefined, empty.State.ValueKind);

        Message[] first =
        [
            User("u1", "hello"),
            new AssistantMessage
            {
                Id = "a1",
                ToolCalls = [new ToolCall { Id = "call1", Function = new FunctionCall { Name = "get_current_time", Arguments = """{"timeZone":"Europe/Paris"}""" } }],
            },
            new ToolMessage { Id = "t1", ToolCallId = "call1", Content = "12:00" },
            Assistant("a2", "It is noon."),
        ];
        await store.CommitAsync(empty, Commit(first, Json("""{"todos":[{"title":"a","done":false}]}""")), default);

        var loaded = await store.LoadAsync("thread-1", default);
        Assert.Equal(ToJson(first), ToJson(loaded.Messages));
        Assert.Equal("""{"todos":[{"title":"a","done":false}]}""", ToJson(loaded.State));
        Assert.NotNull(loaded.Version);

        Message[] second = [.. first, User("u2", "thanks")];
        await store.CommitAsync(loaded, Commit(second, Json("""{"todos":[]}""")), default);

        var reloaded = await store.LoadAsync("thread-1", default);
        Assert.Equal(ToJson(second), ToJson(reloaded.Messages));
        Assert.Equal("""{"todos":[]}""", ToJson(reloaded.State));
        Assert.NotEqual(loaded.Version, reloaded.Version);
    }

    [Fact]
    public async Task AFiveMebibyteStateRoundTripsAndIsReplacedCleanly()
    {
        using var store = CreateStore(out var client);
        var big = Json(LargeState(5 * 1024 * 1024, 'x'));
        var empty = await store.LoadAsync("big", default);
        await store.CommitAsync(empty, Commit([User("u1", "remember this")], big), default);

        var loaded = await store.LoadAsync("big", default);
        Assert.Equal(ToJson(big), ToJson(loaded.State));

        var bigger = Json(LargeState((5 * 1024 * 1024) + 12345, 'y'));
        await store.CommitAsync(loaded, Commit(loaded.Messages, bigger), default);
        var reloaded = await store.LoadAsync("big", default);
        Assert.Equal(ToJson(bigger), ToJson(reloaded.State));

        // The first state's overflow rows were superseded and deleted by the second commit.
        var rows = await RowKeysAsync(client, "big");
        Assert.DoesNotContain(rows, k => k.StartsWith("meta~0000000001~", StringComparison.Ordinal));
        Assert.Contains(rows, k => k.StartsWith("meta~0000000002~", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ATwoThousandMessageThreadRoundTripsAndGrows()
    {
        using var store = CreateStore(out _);
        var messages = Enumerable.Range(0, 2000)
            .Select(i => i % 2 == 0 ? (Message)User($"u{i}", $"question {i}") : Assistant($"a{i}", $"answer {i}"))
            .ToList();
        var empty = await store.LoadAsync("long", default);
        await store.CommitAsync(empty, Commit(messages, default), default);

        var loaded = await store.LoadAsync("long", default);
        Assert.Equal(ToJson(messages), ToJson(loaded.Messages));

        messages.Add(User("u2000", "one more"));
        await store.CommitAsync(loaded, Commit(messages, default), default);
        var reloaded = await store.LoadAsync("long", default);
        Assert.Equal(2001, reloaded.Messages.Count);
        Assert.Equal("u2000", reloaded.Messages[^1].Id);
    }

    [Theory]
    [InlineData("a/b#c?d")]
    [InlineData("..")]
    [InlineData("emoji 😀🧵 \u0001 tab\t")]
    [InlineData("long")]
    public async Task AnyThreadIdWorksAndThreadsStaySeparate(string threadId)
    {
        if (threadId == "long")
        {
            threadId = string.Concat(Enumerable.Repeat("ab/cd#?é", 256));
            Assert.True(Encoding.UTF8.GetByteCount(threadId) > 2048);
        }

        using var store = CreateStore(out _);
        var empty = await store.LoadAsync(threadId, default);
        await store.CommitAsync(empty, Commit([User("u1", threadId)], Json("""{"n":1}""")), default);
        var neighbour = await store.LoadAsync(threadId + "x", default);
        await store.CommitAsync(neighbour, Commit([User("u1", "other")], Json("""{"n":2}""")), default);

        var loaded = await store.LoadAsync(threadId, default);
        Assert.Equal(threadId, Assert.IsType<UserMessage>(Assert.Single(loaded.Messages)).Content.Text);
        Assert.Equal("""{"n":1}""", ToJson(loaded.State));
    }

    [Fact]
    public async Task ACommitBasedOnAnOldVersionConflicts()
    {
        using var store = CreateStore(out _);
        var empty = await store.LoadAsync("race", default);
        var otherEmpty = await store.LoadAsync("race", default);
        await store.CommitAsync(empty, Commit([User("u1", "first")], default), default);

        // Both saw a new thread: the second insert of the meta row collides (409).
        await Assert.ThrowsAsync<ThreadConflictException>(() => store.CommitAsync(otherEmpty, Commit([User("u2", "second")], default), default));

        var loaded = await store.LoadAsync("race", default);
        var stale = await store.LoadAsync("race", default);
        await store.CommitAsync(loaded, Commit([.. loaded.Messages, User("u3", "third")], default), default);

        // Both saw the same version: the second replace fails its If-Match (412).
        await Assert.ThrowsAsync<ThreadConflictException>(() => store.CommitAsync(stale, Commit([.. stale.Messages, User("u4", "fourth")], default), default));
        Assert.Equal(["u1", "u3"], (await store.LoadAsync("race", default)).Messages.Select(m => m.Id));
    }

    [Fact]
    public async Task ACommitCutOffBetweenTransactionsLeavesNothingHalfWrittenVisible()
    {
        var faults = new FailingBatchPolicy();
        using var store = CreateStore(out var client, faults);
        var before = Enumerable.Range(0, 10).Select(i => (Message)User($"u{i}", $"m{i}")).ToList();
        await store.CommitAsync(await store.LoadAsync("cut", default), Commit(before, Json("""{"v":1}""")), default);

        // 350 new messages and a 2 MiB state need several transactions; the storage "goes away" after two.
        var after = before.Concat(Enumerable.Range(10, 350).Select(i => (Message)User($"u{i}", $"m{i}"))).ToList();
        var sent = faults.BatchesSent;
        faults.AllowedBatches = sent + 2;
        var loaded = await store.LoadAsync("cut", default);
        await Assert.ThrowsAsync<IOException>(() => store.CommitAsync(loaded, Commit(after, Json(LargeState(2 * 1024 * 1024, 'z'))), default));
        Assert.True(faults.BatchesSent > sent + 2, "the commit needed more than the transactions let through");

        // Rows of the cut-off commit exist, but the thread still reads as before it.
        Assert.Contains("m0000000100", await RowKeysAsync(client, "cut"));
        var visible = await store.LoadAsync("cut", default);
        Assert.Equal(ToJson(before), ToJson(visible.Messages));
        Assert.Equal("""{"v":1}""", ToJson(visible.State));

        // The next commit overwrites and cleans up the leftovers.
        faults.AllowedBatches = int.MaxValue;
        await store.CommitAsync(visible, Commit([.. before, User("late", "after the outage")], Json("""{"v":2}""")), default);
        var healed = await store.LoadAsync("cut", default);
        Assert.Equal([.. before.Select(m => m.Id), "late"], healed.Messages.Select(m => m.Id));
        Assert.Equal("""{"v":2}""", ToJson(healed.State));
        Assert.DoesNotContain("m0000000100", await RowKeysAsync(client, "cut"));
    }

    [Fact]
    public async Task RunSnapshotsAreKeptUpToTheRetention()
    {
        using var store = CreateStore(out var client, retention: 3);
        for (var run = 1; run <= 5; run++)
        {
            var loaded = await store.LoadAsync("runs", default);
            await store.CommitAsync(loaded, Commit([.. loaded.Messages, User($"u{run}", "hi")], Json($$"""{"run":{{run}}}"""), $"run-{run}"), default);
        }

        var runRows = (await RowKeysAsync(client, "runs")).Where(k => k.StartsWith('r')).ToList();
        Assert.Equal(["r0000000003", "r0000000004", "r0000000005"], runRows);
    }

    [Fact]
    public async Task AnOrdinaryRunTakesOneQueryAndOneTransactionOnceTheTableIsCreated()
    {
        var counter = new CountingPolicy();
        using var store = CreateStore(out _, counter);

        await store.EnsureTableAsync(default);
        await store.EnsureTableAsync(default);
        Assert.Equal(1, counter.Count);

        var first = await store.LoadAsync("count", default);
        var firstCommit = await store.CommitAsync(first, Commit([User("u1", "hi"), Assistant("a1", "hello")], Json("""{"a":1}""")), default);
        Assert.Equal(3, counter.Count);
        Assert.Equal((1, 1), (first.StorageRequests, firstCommit.StorageRequests));

        var second = await store.LoadAsync("count", default);
        var secondCommit = await store.CommitAsync(second, Commit([.. second.Messages, User("u2", "again"), Assistant("a2", "hi")], Json("""{"a":2}""")), default);
        Assert.Equal(5, counter.Count);
        Assert.Equal((1, 1), (second.StorageRequests, secondCommit.StorageRequests));
    }

    [Fact]
    public async Task AStoreWhoseTableWasNotCreatedAtStartCreatesItOnItsFirstLoadOnly()
    {
        var counter = new CountingPolicy();
        using var store = CreateStore(out _, counter);

        var first = await store.LoadAsync("lazy", default);
        await store.CommitAsync(first, Commit([User("u1", "hi")], default), default);
        var second = await store.LoadAsync("lazy", default);

        Assert.Equal((2, 1), (first.StorageRequests, second.StorageRequests));
        Assert.Equal(["u1"], second.Messages.Select(m => m.Id));
    }

    [Fact]
    public async Task AManyRowCommitIsSplitIntoTransactionsOfAtMostOneHundredActions()
    {
        var batches = new BatchSizePolicy();
        using var store = CreateStore(out _, batches);
        var messages = Enumerable.Range(0, 250).Select(i => (Message)User($"u{i}", $"m{i}")).ToList();

        await store.CommitAsync(await store.LoadAsync("many", default), Commit(messages, default), default);

        // 250 message rows and the run row, each transaction also carrying the meta row: 1 + 99, 1 + 99, 1 + 53.
        Assert.Equal([100, 100, 54], batches.Actions);
        Assert.Equal(250, (await store.LoadAsync("many", default)).Messages.Count);
    }

    private TableThreadStore CreateStore(out TableClient client, HttpPipelinePolicy? policy = null, int retention = 20)
    {
        var options = new TableClientOptions();
        options.Retry.MaxRetries = 0;
        if (policy is not null)
        {
            options.AddPolicy(policy, HttpPipelinePosition.PerRetry);
        }

        client = azurite.CreateClient(AzuriteFixture.UniqueTableName("threads"), options);
        return new TableThreadStore(client, Options.Create(new ThreadStoreOptions { SnapshotRetention = retention }));
    }

    private static async Task<List<string>> RowKeysAsync(TableClient client, string threadId)
    {
        var keys = new List<string>();
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {TableThreadStore.PartitionKeyFor(threadId)}");
        await foreach (var row in client.QueryAsync<TableEntity>(filter))
        {
            keys.Add(row.RowKey);
        }

        return keys;
    }

    /// <summary>A JSON object of about <paramref name="bytes"/> bytes, spread over many properties.</summary>
    internal static string LargeState(int bytes, char fill)
    {
        var json = new StringBuilder("{");
        for (var i = 0; json.Length < bytes; i++)
        {
            json.Append(i == 0 ? "" : ",").Append($"\"k{i}\":\"").Append(fill, 10_000).Append(i % 10).Append('"');
        }

        return json.Append('}').ToString();
    }
}
