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

        Assert.True(services.GetRequiredService<AgentCatalog>().TryGet(AgentNames.Default, out var agent));
        Assert.IsType<ThreadPersistingAgent>(agent);
        Assert.IsType<InMemoryThreadStore>(services.GetRequiredService<IThreadStore>());
        Assert.Contains(services.GetRequiredService<BackendToolCatalog>().Tools, t => t.Name == UpdateStateTool.ToolName);
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

    private static ServiceProvider Build(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection().AddLogging();
        services.AddAgUi(configuration);
        return services.BuildServiceProvider();
    }
}
