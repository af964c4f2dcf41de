namespace AgUi.Runtime.Storage;

/// <summary>
/// The parts of an Azure Storage connection string the Table client needs: the table endpoint, the
/// account name and its key. <c>UseDevelopmentStorage=true</c> stands for Azurite's well-known account.
/// </summary>
internal sealed record StorageConnectionString(Uri TableEndpoint, string AccountName, byte[] AccountKey)
{
    internal const string DevelopmentAccountName = "devstoreaccount1";

    // Azurite's published development key; not a secret.
    internal const string DevelopmentAccountKey =
        "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    public static StorageConnectionString Parse(string connectionString)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        var parts = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var segment in connectionString.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var equals = segment.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                throw new FormatException("The storage connection string is not a list of name=value pairs.");
            }

            parts[segment[..equals].Trim()] = segment[(equals + 1)..].Trim();
        }

        if (parts.TryGetValue("UseDevelopmentStorage", out var development) && bool.TryParse(development, out var useDevelopment) && useDevelopment)
        {
            var proxy = parts.TryGetValue("DevelopmentStorageProxyUri", out var proxyUri) ? new Uri(proxyUri) : new Uri("http://127.0.0.1");
            var endpoint = new UriBuilder(proxy) { Port = 10002, Path = DevelopmentAccountName }.Uri;
            return new(endpoint, DevelopmentAccountName, Convert.FromBase64String(DevelopmentAccountKey));
        }

        if (!parts.TryGetValue("AccountName", out var account) || !parts.TryGetValue("AccountKey", out var key))
        {
            throw new FormatException("The storage connection string needs AccountName and AccountKey (or UseDevelopmentStorage=true).");
        }

        byte[] keyBytes;
        try
        {
            keyBytes = Convert.FromBase64String(key);
        }
        catch (FormatException)
        {
            throw new FormatException("The storage connection string's AccountKey is not base64.");
        }

        if (parts.TryGetValue("TableEndpoint", out var tableEndpoint))
        {
            return new(new Uri(tableEndpoint), account, keyBytes);
        }

        var protocol = parts.GetValueOrDefault("DefaultEndpointsProtocol", "https");
        var suffix = parts.GetValueOrDefault("EndpointSuffix", "core.windows.net");
        return new(new Uri($"{protocol}://{account}.table.{suffix}"), account, keyBytes);
    }

    /// <summary>Never prints the key.</summary>
    public override string ToString() => $"{AccountName} at {TableEndpoint}";
}
