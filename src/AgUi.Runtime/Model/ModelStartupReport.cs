using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace AgUi.Runtime.Model;

/// <summary>Logs at start which model the agent will use (never the key), so a deployment's log shows its wiring.</summary>
internal sealed partial class ModelStartupReport(IOptions<ModelOptions> options, ILogger<ModelStartupReport> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        var model = options.Value;
        if (model.Provider == ModelProvider.Offline)
        {
            LogOffline(logger);
            return Task.CompletedTask;
        }

        var endpoint = ModelClientFactory.ResolveEndpoint(model)?.GetLeftPart(UriPartial.Path) ?? "https://api.openai.com/v1";
        var authentication = !string.IsNullOrWhiteSpace(model.ApiKey) ? "API key"
            : model.Provider == ModelProvider.AzureOpenAI ? $"Microsoft Entra ID (scope {model.TokenScope})"
            : "none";
        LogModel(logger, model.Provider, endpoint, model.ModelName ?? string.Empty, authentication);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Information, Message = "Model agent: provider {Provider}, endpoint {Endpoint}, model {Model}, authentication {Authentication}.")]
    private static partial void LogModel(ILogger logger, ModelProvider provider, string endpoint, string model, string authentication);

    [LoggerMessage(Level = LogLevel.Warning, Message = "No model is configured (AgUi:Model:Provider is unset or Offline): the offline agent answers every run.")]
    private static partial void LogOffline(ILogger logger);
}
