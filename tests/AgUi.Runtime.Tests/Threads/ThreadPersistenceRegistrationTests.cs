using AgUi.Runtime.Agents;
using AgUi.Runtime.Hosting;
using AgUi.Runtime.Threads;
using AgUi.Runtime.Tools;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace AgUi.Runtime.Tests.Threads;

public sealed class ThreadPersistenceRegistrationTests
{
    [Fact]
    public void WithoutThreadStorageThreadsLiveInMemoryAroundTheOfflineAgent()
    {
        using var services = Build([]);

        Assert.IsType<ThreadPersistingAgent>(services.GetRequiredService<IAgent>());
        Assert.IsType<InMemoryThreadStore>(services.GetRequiredService<IThreadStore>());
        Assert.Contains(services.GetServices<IBackendTool>(), t => t is UpdateStateTool);
    }

    [Theory]
    [InlineData("ThreadStorage", "UseDevelopmentStorage=true")]
    [InlineData("ConnectionStrings:ThreadStorage", "UseDevelopmentStorage=true")]
    [InlineData("ThreadStorage:tableServiceUri", "https://account.table.core.windows.net")]
    public void AThreadStorageConnectionSelectsTableStorage(string key, string value)
    {
        using var services = Build(new() { [key] = value, ["ThreadStorage:clientId"] = "00000000-0000-0000-0000-000000000001" });

        Assert.IsType<TableThreadStore>(services.GetRequiredService<IThreadStore>());
    }

    [Fact]
    public void ThreadSettingsBindFromAgUiThreads()
    {
        using var services = Build(new() { ["AgUi:Threads:TableName"] = "custom", ["AgUi:Threads:MaxHistoryMessages"] = "7", ["AgUi:Threads:MaxConflictRetries"] = "1" });

        var options = services.GetRequiredService<Microsoft.Extensions.Options.IOptions<ThreadStoreOptions>>().Value;
        Assert.Equal(("custom", 7, 1, 20), (options.TableName, options.MaxHistoryMessages, options.MaxConflictRetries, options.SnapshotRetention));
    }

    [Fact]
    public void TheDecoratorWrapsTheAgentRegisteredBeforeIt()
    {
        var inner = ScriptedAgent.Replying("x");
        var collection = new ServiceCollection().AddLogging().AddSingleton<IAgent>(inner);
        collection.AddThreadPersistence(new ConfigurationBuilder().Build());
        collection.AddThreadPersistence(new ConfigurationBuilder().Build());
        using var services = collection.BuildServiceProvider();

        Assert.IsType<ThreadPersistingAgent>(services.GetRequiredService<IAgent>());
        Assert.Single(collection, d => d.ServiceType == typeof(IAgent) && !d.IsKeyedService);
    }

    private static ServiceProvider Build(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        return new ServiceCollection().AddLogging().AddAgUi(configuration).BuildServiceProvider();
    }
}
