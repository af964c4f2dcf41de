using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace AgUi.Runtime.Threads;

/// <summary>
/// Creates the thread store when the host starts, so a bad <c>ThreadStorage</c> setting fails the start
/// rather than the first run; creates the table then, so runs do not pay for it; and warns when threads
/// live only in memory.
/// </summary>
internal sealed partial class ThreadStoreStartup(IThreadStore store, IOptions<ThreadStoreOptions> options, ILogger<ThreadStoreStartup> logger) : IHostedService
{
    // Bounds the start when storage does not answer (the SDK retries, and waits 100 s per attempt).
    private static readonly TimeSpan TableCreationTimeout = TimeSpan.FromSeconds(15);

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (store is not TableThreadStore tables)
        {
            LogInMemory(logger);
            return;
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TableCreationTimeout);
        try
        {
            await tables.EnsureTableAsync(timeout.Token).ConfigureAwait(false);
            LogTableStorage(logger, options.Value.TableName);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // Storage may come up after the app: the first run tries again instead of the app failing to start.
            LogTableCreationFailed(logger, ex);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Warning, Message = "No ThreadStorage connection is configured: threads are kept in memory, lost on restart and not shared between instances. Set ThreadStorage (a connection string, or ThreadStorage__tableServiceUri) to keep them in Azure Table Storage.")]
    private static partial void LogInMemory(ILogger logger);

    [LoggerMessage(Level = LogLevel.Information, Message = "Threads are kept in Azure Table Storage, table {TableName}.")]
    private static partial void LogTableStorage(ILogger logger, string tableName);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Threads are kept in Azure Table Storage, but the thread table could not be created at start; the first run will try again.")]
    private static partial void LogTableCreationFailed(ILogger logger, Exception exception);
}
