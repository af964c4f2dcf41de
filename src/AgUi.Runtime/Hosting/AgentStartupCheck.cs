using AgUi.Runtime.Agents;
using AgUi.Runtime.Model;
using AgUi.Runtime.Tools;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace AgUi.Runtime.Hosting;

/// <summary>
/// Builds every agent when the host starts, so a configuration error stops the start instead of
/// failing the first run; refuses an <see cref="IAgent"/> registered straight into the services (it
/// would be served without thread persistence); and logs what each agent is.
/// </summary>
internal sealed partial class AgentStartupCheck(
    IServiceProvider services,
    AgUiServiceRegistrations registrations,
    ILogger<AgentStartupCheck> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        var misregistered = registrations.Descriptors.Where(d => d.ServiceType == typeof(IAgent)).ToList();
        if (misregistered.Count > 0)
        {
            var types = string.Join(", ", misregistered.Select(d => (d.IsKeyedService ? d.KeyedImplementationType : d.ImplementationType)?.Name ?? "a factory"));
            throw new InvalidOperationException(
                $"An IAgent is registered directly in the services ({types}), where the endpoint would serve it without thread persistence. " +
                "Register it through AddAgUi instead: services.AddAgUi(configuration).UseAgent<MyAgent>() for the default agent, " +
                "or .AddAgent<MyAgent>(\"name\") for /api/agents/name.");
        }

        // Built here even when no agent uses them, so a tool registered wrongly stops the start.
        services.GetRequiredService<BackendToolCatalog>();
        foreach (var (name, agent) in services.GetRequiredService<AgentCatalog>().Registered)
        {
            switch (agent)
            {
                case OfflineAgent:
                    LogOfflineAgent(logger, name);
                    break;
                case ChatModelAgent model:
                    LogAgent(logger, name, model.Describe());
                    break;
                case AgentFrameworkAgent framework:
                    LogAgent(logger, name, framework.Describe());
                    break;
                default:
                    LogAgent(logger, name, agent.GetType().FullName ?? agent.GetType().Name);
                    break;
            }
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Warning, Message = "Agent '{AgentName}': No model configured: serving the offline agent, which only quotes the user's last message. Set AgUi:Model:Provider to serve a model.")]
    private static partial void LogOfflineAgent(ILogger logger, string agentName);

    [LoggerMessage(Level = LogLevel.Information, Message = "Agent '{AgentName}': {Description}.")]
    private static partial void LogAgent(ILogger logger, string agentName, string description);
}
