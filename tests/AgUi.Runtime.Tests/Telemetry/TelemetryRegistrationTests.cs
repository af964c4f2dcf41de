using AgUi.Runtime.Hosting;
using AgUi.Runtime.Telemetry;
using AgUi.Testing;
using Azure.Identity;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace AgUi.Runtime.Tests.Telemetry;

/// <summary>What <c>AddAgUiTelemetry</c> registers for the settings a host has, in the standalone host as Program.cs composes it.</summary>
public sealed class TelemetryRegistrationTests
{
    [Fact]
    public async Task Without_a_connection_string_or_an_OTLP_endpoint_no_tracer_meter_or_telemetry_logger_is_registered()
    {
        await using var host = await AgUiTestHost.StartAsync();

        Assert.Null(host.Services.GetService<TracerProvider>());
        Assert.Null(host.Services.GetService<MeterProvider>());
        Assert.DoesNotContain(host.Services.GetServices<ILoggerProvider>(), p => p.GetType().Namespace?.StartsWith("OpenTelemetry", StringComparison.Ordinal) == true);
    }

    [Fact]
    public async Task An_OTLP_endpoint_registers_the_tracer_the_meter_and_the_logger_provider()
    {
        await using var host = await AgUiTestHost.StartAsync(o => o.Settings[TelemetryExportSettings.OtlpEndpointSetting] = "http://127.0.0.1:4317");

        Assert.NotNull(host.Services.GetService<TracerProvider>());
        Assert.NotNull(host.Services.GetService<MeterProvider>());
        Assert.Contains(host.Services.GetServices<ILoggerProvider>(), p => p.GetType().Namespace?.StartsWith("OpenTelemetry", StringComparison.Ordinal) == true);
    }

    [Theory]
    [InlineData("APPLICATIONINSIGHTS_CONNECTION_STRING", "IngestionEndpoint=https://secret-looking-value.example/")]
    [InlineData("OTEL_EXPORTER_OTLP_ENDPOINT", "secret-looking-value:4317")]
    public async Task A_malformed_destination_stops_the_start_naming_the_setting_and_not_its_value(string setting, string value)
    {
        var failure = await Assert.ThrowsAsync<InvalidOperationException>(() => AgUiTestHost.StartAsync(o => o.Settings[setting] = value));

        Assert.StartsWith(setting, failure.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("secret-looking-value", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_authentication_string_that_is_not_Entra_ID_stops_the_start()
    {
        var failure = await Assert.ThrowsAsync<InvalidOperationException>(() => AgUiTestHost.StartAsync(o =>
        {
            o.Settings[TelemetryExportSettings.ConnectionStringSetting] = "InstrumentationKey=00000000-0000-0000-0000-000000000000";
            o.Settings[TelemetryExportSettings.AuthenticationStringSetting] = "Authorization=Key;Secret=secret-looking-value";
        }));

        Assert.StartsWith("APPLICATIONINSIGHTS_AUTHENTICATION_STRING must be Authorization=AAD", failure.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("secret-looking-value", failure.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Authorization=AAD;ClientId=6a4e7c1d-0b5f-4c2e-9d3a-1f2e3d4c5b6a")]
    [InlineData("Authorization=AAD")]
    [InlineData(" authorization = aad ; clientid = 6a4e7c1d-0b5f-4c2e-9d3a-1f2e3d4c5b6a ")]
    public void The_Functions_hosts_authentication_string_is_the_managed_identitys_credential(string authentication)
    {
        var settings = TelemetryExportSettings.Read(Configuration(new()
        {
            [TelemetryExportSettings.ConnectionStringSetting] = "InstrumentationKey=00000000-0000-0000-0000-000000000000;IngestionEndpoint=https://westeurope-5.in.applicationinsights.azure.com/",
            [TelemetryExportSettings.AuthenticationStringSetting] = authentication,
        }));

        Assert.True(settings.Exports);
        Assert.IsType<ManagedIdentityCredential>(settings.ApplicationInsightsCredential);
    }

    [Theory]
    [InlineData("Authorization=AAD;ClientId=not-a-guid")]
    [InlineData("ClientId=6a4e7c1d-0b5f-4c2e-9d3a-1f2e3d4c5b6a")]
    [InlineData("Authorization=AAD;Key=value")]
    public void A_malformed_authentication_string_is_refused(string authentication) =>
        Assert.Throws<InvalidOperationException>(() => TelemetryExportSettings.ParseCredential(authentication));

    [Fact]
    public void A_connection_string_without_an_authentication_string_exports_with_the_instrumentation_key_alone()
    {
        var settings = TelemetryExportSettings.Read(Configuration(new()
        {
            [TelemetryExportSettings.ConnectionStringSetting] = "InstrumentationKey=00000000-0000-0000-0000-000000000000",
        }));

        Assert.True(settings.Exports);
        Assert.Null(settings.ApplicationInsightsCredential);
        Assert.Null(settings.OtlpEndpoint);
    }

    private static IConfiguration Configuration(Dictionary<string, string?> values) => new ConfigurationBuilder().AddInMemoryCollection(values).Build();
}
