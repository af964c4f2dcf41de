namespace AgUi.Functions.Tests;

/// <summary>What the worker logs at start reaches the host as RpcLog messages over gRPC (its console logger is removed).</summary>
[Collection(FunctionsAppTests.Name)]
public sealed class StartupLogTests(FunctionsAppFixture app)
{
    [Fact]
    public async Task The_workers_start_up_log_names_the_agent_and_the_thread_store()
    {
        var agent = await Eventually.FindAsync(() => app.Host.WorkerLogs,
            log => log.Category == "AgUi.Runtime.Model.ChatModelAgent" && log.Message.StartsWith("Model agent:", StringComparison.Ordinal),
            "the model agent's start-up line");
        Assert.Contains("provider OpenAICompatible", agent.Message, StringComparison.Ordinal);
        Assert.Contains($"endpoint {app.Model.BaseUrl}", agent.Message, StringComparison.Ordinal);
        Assert.Contains("model scripted-model", agent.Message, StringComparison.Ordinal);

        var store = await Eventually.FindAsync(() => app.Host.WorkerLogs,
            log => log.Category == "AgUi.Runtime.Threads.ThreadStoreStartup",
            "the thread store's start-up line");
        Assert.Equal($"Threads are kept in Azure Table Storage, table {app.ThreadTable}.", store.Message);
    }
}
