using AgUi.Runtime.Agents;
using AgUi.Runtime.Telemetry;
using AgUi.Runtime.Tools;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace AgUi.Runtime.Model;

/// <summary>Builds the agent <c>AgUi:Model</c> describes: the model agent, or the offline agent when no provider is set.</summary>
internal static class ModelAgentFactory
{
    /// <param name="agent">The settings of a named agent (<c>AgUi:Agents:&lt;name&gt;</c>); null for the default agent.</param>
    public static IAgent Create(IServiceProvider services, string name, AgentSettings? agent)
    {
        var model = services.GetRequiredService<IOptions<ModelOptions>>().Value;
        if (model.Provider == ModelProvider.Offline)
        {
            return new OfflineAgent();
        }

        var options = agent is null ? model : model.For(agent);
        var catalog = services.GetRequiredService<BackendToolCatalog>();
        var tools = agent is { Tools.Count: > 0 } ? catalog.Select([.. agent.Tools], $"{AgentSettings.SectionName}:{name}:{nameof(AgentSettings.Tools)}") : catalog;
        var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger<ChatModelAgent>();
        var recordContent = services.GetRequiredService<IOptions<AgUiTelemetryOptions>>().Value.RecordContent;
        return new ChatModelAgent(options, ModelClientFactory.Create(options), tools, services.GetRequiredService<TimeProvider>(), logger, recordContent);
    }
}
