using AgUi.Runtime.Storage;
using Azure.Core;
using Azure.Identity;
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
        services.AddHostedService<ThreadStoreStartupLog>();
        return services;
    }

    /// <summary>
    /// The store the <c>ThreadStorage</c> connection names, following the Functions identity-based
    /// connection convention: <c>ThreadStorage</c> = a connection string (SharedKeyLite), or
    /// <c>ThreadStorage:tableServiceUri</c> with Entra ID (managed identity when <c>ThreadStorage:credential</c>
    /// is <c>managedidentity</c>, else DefaultAzureCredential; <c>ThreadStorage:clientId</c> picks a
    /// user-assigned identity). Nothing set: in memory.
    /// </summary>
    internal static IThreadStore CreateStore(IConfiguration configuration, IOptions<ThreadStoreOptions> options)
    {
        var connection = configuration.GetSection(ThreadStoreOptions.ConnectionName);
        var tableName = options.Value.TableName;
        if (connection["tableServiceUri"] is { Length: > 0 } serviceUri)
        {
            return new TableThreadStore(new TableClient(new Uri(serviceUri), tableName, CreateCredential(connection)), options);
        }

        var connectionString = connection.Value ?? configuration.GetConnectionString(ThreadStoreOptions.ConnectionName);
        return string.IsNullOrWhiteSpace(connectionString)
            ? new InMemoryThreadStore()
            : new TableThreadStore(new TableClient(connectionString, tableName), options);
    }

    private static TokenCredential CreateCredential(IConfigurationSection connection)
    {
        var clientId = connection["clientId"];
        if (string.Equals(connection["credential"], "managedidentity", StringComparison.OrdinalIgnoreCase))
        {
            return new ManagedIdentityCredential(string.IsNullOrEmpty(clientId)
                ? ManagedIdentityId.SystemAssigned
                : ManagedIdentityId.FromUserAssignedClientId(clientId));
        }

        return new DefaultAzureCredential(new DefaultAzureCredentialOptions { ManagedIdentityClientId = string.IsNullOrEmpty(clientId) ? null : clientId });
    }
}
