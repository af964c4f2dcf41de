using Azure.Core;
using Azure.Data.Tables;
using Azure.Identity;
using Microsoft.Extensions.Configuration;

namespace AgUi.Runtime.Storage;

/// <summary>
/// The one place a Table client for threads is made, from the <c>ThreadStorage</c> connection as the
/// Functions identity-based connection convention names it: <c>ThreadStorage</c> (or
/// <c>ConnectionStrings:ThreadStorage</c>) = a connection string (including
/// <c>UseDevelopmentStorage=true</c>), or <c>ThreadStorage:tableServiceUri</c> with Entra ID
/// (<c>ThreadStorage:credential</c> = <c>managedidentity</c> for ManagedIdentityCredential, else
/// DefaultAzureCredential; <c>ThreadStorage:clientId</c> picks a user-assigned identity). Every client
/// counts its requests for <see cref="StorageRequestCounter"/>.
/// </summary>
internal static class ThreadStorageConnection
{
    public const string Name = "ThreadStorage";

    private const string ServiceUriKey = "tableServiceUri";

    /// <summary>The client for <paramref name="tableName"/>, or null when no connection is configured.</summary>
    /// <param name="options">Retry and pipeline settings (tests add their own policies); the SDK's defaults when null.</param>
    /// <exception cref="InvalidOperationException">A setting is invalid; the message names it, never its value.</exception>
    public static TableClient? CreateClient(IConfiguration configuration, string tableName, TableClientOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var connection = configuration.GetSection(Name);
        var serviceUri = connection[ServiceUriKey];
        var connectionString = connection.Value;
        var connectionStringSetting = Name;
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            connectionString = configuration.GetConnectionString(Name);
            connectionStringSetting = $"ConnectionStrings:{Name}";
        }

        if (string.IsNullOrWhiteSpace(serviceUri) && string.IsNullOrWhiteSpace(connectionString))
        {
            return null;
        }

        if (!IsValidTableName(tableName))
        {
            throw new InvalidOperationException(
                "AgUi:Threads:TableName must be 3 to 63 letters and digits, starting with a letter.");
        }

        options ??= new TableClientOptions();
        options.AddPolicy(new StorageRequestCounter.Policy(), HttpPipelinePosition.PerRetry);
        if (!string.IsNullOrWhiteSpace(serviceUri))
        {
            if (!Uri.TryCreate(serviceUri, UriKind.Absolute, out var endpoint) || endpoint.Scheme != Uri.UriSchemeHttps)
            {
                throw new InvalidOperationException(
                    $"{Name}:{ServiceUriKey} must be an absolute https URL such as https://ACCOUNT.table.core.windows.net: Entra ID tokens are only sent over TLS.");
            }

            return new TableClient(endpoint, tableName, CreateCredential(connection), options);
        }

        try
        {
            return new TableClient(connectionString, tableName, options);
        }
        catch (Exception ex) when (ex is FormatException or InvalidOperationException or ArgumentException or UriFormatException)
        {
            // The SDK's parse errors quote the connection string, key included: neither is passed on.
            throw new InvalidOperationException(
                $"{connectionStringSetting} is not a storage connection string: use UseDevelopmentStorage=true (Azurite), or " +
                $"DefaultEndpointsProtocol, AccountName, AccountKey (and optionally TableEndpoint), or set {Name}:{ServiceUriKey} for Entra ID.");
        }
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

    private static bool IsValidTableName(string name) =>
        name is { Length: >= 3 and <= 63 } && char.IsAsciiLetter(name[0]) && name.All(char.IsAsciiLetterOrDigit);
}
