using Azure.Core;
using Azure.Identity;
using Microsoft.Extensions.Configuration;

namespace AgUi.Runtime.Telemetry;

/// <summary>
/// Where telemetry goes, read from the settings every OpenTelemetry and Application Insights host knows:
/// <c>APPLICATIONINSIGHTS_CONNECTION_STRING</c> (Azure Monitor), <c>APPLICATIONINSIGHTS_AUTHENTICATION_STRING</c>
/// (its Microsoft Entra ID credential, in the Functions host's form) and <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> (OTLP).
/// Bad values stop the start with a message that names the setting, never its value.
/// </summary>
internal sealed record TelemetryExportSettings(string? ApplicationInsightsConnectionString, TokenCredential? ApplicationInsightsCredential, Uri? OtlpEndpoint)
{
    public const string ConnectionStringSetting = "APPLICATIONINSIGHTS_CONNECTION_STRING";
    public const string AuthenticationStringSetting = "APPLICATIONINSIGHTS_AUTHENTICATION_STRING";
    public const string OtlpEndpointSetting = "OTEL_EXPORTER_OTLP_ENDPOINT";

    public bool Exports => ApplicationInsightsConnectionString is not null || OtlpEndpoint is not null;

    /// <exception cref="InvalidOperationException">A setting is malformed.</exception>
    public static TelemetryExportSettings Read(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var connectionString = NullIfBlank(configuration[ConnectionStringSetting]);
        if (connectionString is not null && !connectionString.Contains("InstrumentationKey=", StringComparison.OrdinalIgnoreCase))
        {
            throw new InvalidOperationException(
                $"{ConnectionStringSetting} is not an Application Insights connection string: it needs InstrumentationKey=... (copy it from the resource's overview).");
        }

        var authentication = NullIfBlank(configuration[AuthenticationStringSetting]);
        var credential = connectionString is not null && authentication is not null ? ParseCredential(authentication) : null;

        var otlp = NullIfBlank(configuration[OtlpEndpointSetting]);
        Uri? otlpEndpoint = null;
        if (otlp is not null && (!Uri.TryCreate(otlp, UriKind.Absolute, out otlpEndpoint) || otlpEndpoint.Scheme is not ("http" or "https")))
        {
            throw new InvalidOperationException($"{OtlpEndpointSetting} must be an absolute http or https URL, such as http://localhost:4317.");
        }

        return new TelemetryExportSettings(connectionString, credential, otlpEndpoint);
    }

    /// <summary>
    /// <c>Authorization=AAD</c> (the system-assigned identity) or <c>Authorization=AAD;ClientId=&lt;client id&gt;</c>
    /// (a user-assigned one): the managed identity's credential, as the Functions host reads the same setting.
    /// </summary>
    internal static TokenCredential ParseCredential(string authentication)
    {
        string? authorization = null;
        string? clientId = null;
        foreach (var part in authentication.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var separator = part.IndexOf('=', StringComparison.Ordinal);
            var key = separator > 0 ? part[..separator].Trim() : part;
            var value = separator > 0 ? part[(separator + 1)..].Trim() : string.Empty;
            if (key.Equals("Authorization", StringComparison.OrdinalIgnoreCase))
            {
                authorization = value;
            }
            else if (key.Equals("ClientId", StringComparison.OrdinalIgnoreCase) && Guid.TryParse(value, out _))
            {
                clientId = value;
            }
            else
            {
                throw MalformedAuthentication();
            }
        }

        if (!string.Equals(authorization, "AAD", StringComparison.OrdinalIgnoreCase))
        {
            throw MalformedAuthentication();
        }

        return new ManagedIdentityCredential(clientId is null ? ManagedIdentityId.SystemAssigned : ManagedIdentityId.FromUserAssignedClientId(clientId));
    }

    private static InvalidOperationException MalformedAuthentication() => new(
        $"{AuthenticationStringSetting} must be Authorization=AAD, optionally followed by ;ClientId=<the managed identity's client id>.");

    private static string? NullIfBlank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
