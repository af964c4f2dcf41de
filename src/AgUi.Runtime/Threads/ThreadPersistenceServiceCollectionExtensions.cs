using AgUi.Runtime.Agents;
using AgUi.Runtime.Storage;
using AgUi.Runtime.Tools;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace AgUi.Runtime.Threads;

public static class ThreadPersistenceServiceCollectionExtensions
{
    private const string InnerAgentKey = "AgUi.Threads.InnerAgent";

    /// <summary>
    /// Thread persistence around the registered <see cref="IAgent"/> (register it first): the store from the
    /// <c>ThreadStorage</c> connection (in memory when unset), <see cref="ThreadPersistingAgent"/> as the
    /// decorator, and the <c>update_state</c> tool.
    /// </summary>
    public static IServiceCollection AddThreadPersistence(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<ThreadStoreOptions>().Bind(configuration.GetSection(ThreadStoreOptions.SectionName));
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(sp => CreateStore(configuration, sp.GetRequiredService<IOptions<ThreadStoreOptions>>()));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IBackendTool, UpdateStateTool>());
        services.AddHostedService<ThreadStoreStartup>();

        if (services.Any(d => d.ServiceType == typeof(IAgent) && d.IsKeyedService && Equals(d.ServiceKey, InnerAgentKey)))
        {
            return services;
        }

        var agent = services.LastOrDefault(d => d.ServiceType == typeof(IAgent) && !d.IsKeyedService)
            ?? throw new InvalidOperationException("Register the IAgent before adding thread persistence.");
        services.Remove(agent);
        services.Add(agent switch
        {
            { ImplementationInstance: { } instance } => new ServiceDescriptor(typeof(IAgent), InnerAgentKey, instance),
            { ImplementationFactory: { } factory } => new ServiceDescriptor(typeof(IAgent), InnerAgentKey, (sp, _) => factory(sp), agent.Lifetime),
            _ => new ServiceDescriptor(typeof(IAgent), InnerAgentKey, agent.ImplementationType!, agent.Lifetime),
        });
        services.Add(new ServiceDescriptor(typeof(IAgent),
            sp => ActivatorUtilities.CreateInstance<ThreadPersistingAgent>(sp, sp.GetRequiredKeyedService<IAgent>(InnerAgentKey)), agent.Lifetime));
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
