using System.Diagnostics;
using AgUi.Runtime.Telemetry;
using Azure.Monitor.OpenTelemetry.Exporter;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace AgUi.Runtime.Hosting;

[AzureSetting(TelemetryExportSettings.ConnectionStringSetting)]
[AzureSetting(TelemetryExportSettings.AuthenticationStringSetting)]
public static class AgUiTelemetryServiceCollectionExtensions
{
    /// <summary>The Azure SDK's request spans; HttpClient's span under one of them would say the same again.</summary>
    private const string AzureCoreHttpSource = "Azure.Core.Http";

    /// <summary>
    /// Exports the runtime's traces, metrics and logs when a destination is configured:
    /// Azure Monitor when <c>APPLICATIONINSIGHTS_CONNECTION_STRING</c> is set (with the managed identity of
    /// <c>APPLICATIONINSIGHTS_AUTHENTICATION_STRING</c>, as in Azure), OTLP when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c>
    /// is set (its protocol, headers and the rest from the other <c>OTEL_EXPORTER_OTLP_*</c> settings), both when
    /// both are. With neither, nothing is registered: no listener, so spans and measurements are never built.
    /// <paramref name="configureExport"/> adds what the host itself contributes (its request spans, the
    /// Functions worker's defaults), and only runs when something is exported.
    /// </summary>
    /// <exception cref="InvalidOperationException">One of those settings is malformed; the message names it.</exception>
    public static IServiceCollection AddAgUiTelemetry(this IServiceCollection services, IConfiguration configuration, Action<IOpenTelemetryBuilder>? configureExport = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var export = TelemetryExportSettings.Read(configuration);
        if (!export.Exports)
        {
            return services;
        }

        var telemetry = services.AddOpenTelemetry()
            .WithTracing(tracing => tracing.AddAgUiInstrumentation())
            .WithMetrics(metrics => metrics.AddAgUiInstrumentation())
            .WithLogging(configureBuilder: null, configureOptions: logging => logging.IncludeScopes = true);
        if (export.ApplicationInsightsConnectionString is { } connectionString)
        {
            telemetry.UseAzureMonitorExporter(azureMonitor =>
            {
                azureMonitor.ConnectionString = connectionString;
                azureMonitor.Credential = export.ApplicationInsightsCredential;
            });
        }

        if (export.OtlpEndpoint is not null)
        {
            telemetry.UseOtlpExporter();
        }

        configureExport?.Invoke(telemetry);
        return services;
    }

    /// <summary>
    /// The runtime's spans (runs, model calls, tool calls), the Azure SDK's (thread storage, tokens) and outgoing
    /// HTTP, for an exporter of your own: <c>services.AddOpenTelemetry().WithTracing(t =&gt; t.AddAgUiInstrumentation())</c>.
    /// </summary>
    public static TracerProviderBuilder AddAgUiInstrumentation(this TracerProviderBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder
            .AddSource(AgUiTelemetry.SourceName, AgUiTelemetry.ChatClientSourceName)
            .AddSource("Azure.*")
            .AddHttpClientInstrumentation(http => http.FilterHttpRequestMessage = _ => Activity.Current?.Parent?.Source.Name != AzureCoreHttpSource);
    }

    /// <summary>The runtime's metrics (runs, model calls and tokens, open streams, thread conflicts), and the configured <c>IChatClient</c>'s.</summary>
    public static MeterProviderBuilder AddAgUiInstrumentation(this MeterProviderBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.AddMeter(AgUiTelemetry.SourceName, AgUiTelemetry.ChatClientSourceName);
    }
}
