using AgUi.Protocol.Events;
using AgUi.Runtime.Agents;
using AgUi.Testing;
using AgUi.Runtime.Tests.Storage;
using static AgUi.Runtime.Tests.Threads.AgentRuns;
using static AgUi.Runtime.Tests.Threads.ThreadTestData;

namespace AgUi.Runtime.Tests.Threads;

/// <summary>The standalone server configured with <c>ThreadStorage</c> pointing at Azurite, over real Kestrel.</summary>
[Collection(AzuriteTests.Name)]
public sealed class ThreadStorageHostTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task AThreadOutlivesTheServerThatStoredIt()
    {
        var table = AzuriteFixture.UniqueTableName("host");
        void Configure(AgUiTestHostOptions o)
        {
            o.Settings["ThreadStorage"] = azurite.ConnectionString;
            o.Settings["AgUi:Threads:TableName"] = table;
        }

        await using (var first = await AgUiTestHost.StartAsync(Configure))
        {
            var run = (await first.RunAsync(Input("persisted", [User("u1", "Remember the kettle")], """{"room":"kitchen"}"""))).Events;
            Assert.IsType<RunFinishedEvent>(run[^1]);
            Assert.DoesNotContain(first.Logs.Entries, e => e.Message.StartsWith("No ThreadStorage connection", StringComparison.Ordinal));

            // The table was created when the host started, so even the first run costs one query and one transaction.
            Assert.Contains(first.Logs.Entries, e => e.Message.StartsWith("Threads are kept in Azure Table Storage, table ", StringComparison.Ordinal));
            Assert.Equal(["The run used 2 thread storage requests."],
                first.Logs.Entries.Where(e => e.Message.Contains("thread storage requests", StringComparison.Ordinal)).Select(e => e.Message));
        }

        await using var second = await AgUiTestHost.StartAsync(Configure);
        var sync = (await second.RunAsync(Input("persisted", []))).Events;

        Assert.Equal([EventTypes.RunStarted, EventTypes.StateSnapshot, EventTypes.MessagesSnapshot, EventTypes.RunFinished], sync.Select(e => e.Type));
        Assert.Equal("""{"room":"kitchen"}""", ToJson(((StateSnapshotEvent)sync[1]).Snapshot));
        var messages = ((MessagesSnapshotEvent)sync[2]).Messages;
        Assert.Equal("u1", messages[0].Id);
        Assert.Contains(OfflineAgent.Label, ((AgUi.Protocol.Messages.AssistantMessage)messages[1]).Content, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WithoutThreadStorageTheServerWarnsThatThreadsLiveInMemory()
    {
        await using var host = await AgUiTestHost.StartAsync();

        Assert.Contains(host.Logs.Entries, e => e.Message.StartsWith("No ThreadStorage connection is configured", StringComparison.Ordinal));
    }
}
