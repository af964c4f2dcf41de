using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace AgUi.Runtime.Threads;

/// <summary>
/// Creates the thread store when the host starts, so a bad <c>ThreadStorage</c> setting fails the start
/// rather than the first run, and warns when threads live only in memory.
/// </summary>
internal sealed partial class ThreadStoreStartupLog(IThreadStore store, IOptions<ThreadStoreOptions> options, ILogger<ThreadStoreStartupLog> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (store is InMemoryThreadStore)
        {
            LogInMemory(logger);
        }
        else
        {
            LogTableStorage(logger, options.Value.TableName);
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Warning, Message = "No ThreadStorage connection is configured: threads are kept in memory, lost on restart and not shared between instances. Set ThreadStorage (a connection string, or ThreadStorage__tableServiceUri) to keep them in Azure Table Storage.")]
    private static partial void LogInMemory(ILogger logger);

    [LoggerMessage(Level = LogLevel.Information, Message = "Threads are kept in Azure Table Storage, table {TableName}.")]
    private static partial void LogTableStorage(ILogger logger, string tableName);
}
