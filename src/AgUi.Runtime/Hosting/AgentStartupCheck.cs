using AgUi.Runtime.Agents;
using AgUi.Runtime.Threads;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace AgUi.Runtime.Hosting;

/// <summary>
/// Builds the agent when the host starts, so a configuration error stops the start instead of failing
/// the first run, and says so in the log when the offline agent is the one serving.
/// </summary>
internal sealed partial class AgentStartupCheck(IServiceProvider services, ILogger<AgentStartupCheck> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        var agent = services.GetRequiredService<IAgent>();
        if ((agent is ThreadPersistingAgent persisting ? persisting.Inner : agent) is OfflineAgent)
        {
            LogOfflineAgent(logger);
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Warning, Message = "No model configured: serving the offline agent, which only quotes the user's last message. Set AgUi:Model:Provider to serve a model.")]
    private static partial void LogOfflineAgent(ILogger logger);
}
