using AgUi.Runtime.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace AgUi.Runtime.Threads;

internal static class ThreadPersistenceServiceCollectionExtensions
{
    /// <summary>
    /// The thread store every agent's <see cref="ThreadPersistingAgent"/> uses: from the <c>ThreadStorage</c>
    /// connection, in memory when unset.
    /// </summary>
    public static IServiceCollection AddThreadPersistence(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<ThreadStoreOptions>().Bind(configuration.GetSection(ThreadStoreOptions.SectionName));
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(sp => CreateStore(configuration, sp.GetRequiredService<IOptions<ThreadStoreOptions>>()));
        services.AddHostedService<ThreadStoreStartup>();
        return services;
    }

    /// <summary>
    /// The store the <c>ThreadStorage</c> connection names (see <see cref="ThreadStorageConnection"/>):
    /// Table Storage when one is configured, in memory otherwise.
    /// </summary>
    internal static IThreadStore CreateStore(IConfiguration configuration, IOptions<ThreadStoreOptions> options) =>
        ThreadStorageConnection.CreateClient(configuration, options.Value.TableName) is { } client
            ? new TableThreadStore(client, options)
            : new InMemoryThreadStore();
}
