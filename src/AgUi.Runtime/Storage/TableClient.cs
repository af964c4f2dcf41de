using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using Azure;
using Azure.Core;
using Azure.Core.Pipeline;

namespace AgUi.Runtime.Storage;

/// <summary>
/// A client for one table of Azure Table Storage (or Azurite), built on Azure.Core's
/// <see cref="HttpPipeline"/> so retries, logging (with headers redacted) and cancellation behave like
/// any Azure SDK client. It covers only what the thread store needs: create the table, query a
/// partition, and entity group transactions. Its surface mirrors Azure.Data.Tables' <c>TableClient</c>
/// so that package can replace it in one place once it is available.
/// </summary>
public sealed class TableClient
{
    /// <summary>The Entra ID scope of Azure Storage.</summary>
    public const string StorageScope = "https://storage.azure.com/.default";

    private const string JsonAccept = "application/json;odata=minimalmetadata";
    private const int MaxBatchOperations = 100;

    private readonly HttpPipeline pipeline;
    private readonly string serviceUri;

    /// <summary>Entra ID authentication (managed identity in Azure), for a table service URI such as <c>https://ACCOUNT.table.core.windows.net</c>.</summary>
    public TableClient(Uri tableServiceUri, string tableName, TokenCredential credential, TableClientOptions? options = null)
        : this(tableServiceUri, tableName, new BearerTokenAuthenticationPolicy(credential ?? throw new ArgumentNullException(nameof(credential)), StorageScope), options)
    {
    }

    /// <summary>SharedKeyLite authentication from a storage connection string, including <c>UseDevelopmentStorage=true</c>.</summary>
    public TableClient(string connectionString, string tableName, TableClientOptions? options = null)
        : this(StorageConnectionString.Parse(connectionString), tableName, options)
    {
    }

    private TableClient(StorageConnectionString connection, string tableName, TableClientOptions? options)
        : this(connection.TableEndpoint, tableName, new SharedKeyLiteAuthenticationPolicy(connection.AccountName, connection.AccountKey), options)
    {
    }

    private TableClient(Uri tableServiceUri, string tableName, HttpPipelinePolicy authentication, TableClientOptions? options)
    {
        ArgumentNullException.ThrowIfNull(tableServiceUri);
        if (!IsValidTableName(tableName))
        {
            throw new ArgumentException("A table name is 3 to 63 letters and digits and starts with a letter.", nameof(tableName));
        }

        Name = tableName;
        serviceUri = tableServiceUri.AbsoluteUri.TrimEnd('/');
        pipeline = HttpPipelineBuilder.Build(options ?? new TableClientOptions(), [], [new StorageRequestCounter.Policy(), authentication], new ResponseClassifier());
    }

    public string Name { get; }

    /// <summary>Creates the table; a table that already exists is success.</summary>
    public async Task CreateIfNotExistsAsync(CancellationToken cancellationToken = default)
    {
        using var message = CreateMessage(RequestMethod.Post, $"{serviceUri}/Tables");
        message.Request.Headers.SetValue("Prefer", "return-no-content");
        message.Request.Headers.SetValue(HttpHeader.Names.ContentType, "application/json");
        message.Request.Content = RequestContent.Create(JsonSerializer.SerializeToUtf8Bytes(
            new Dictionary<string, string> { ["TableName"] = Name }, StorageJsonContext.Default.DictionaryStringString));
        await pipeline.SendAsync(message, cancellationToken).ConfigureAwait(false);
        var status = message.Response.Status;
        if (status is 201 or 204)
        {
            return;
        }

        var failure = ReadFailure(message.Response);
        if (status == 409 && failure.ErrorCode == "TableAlreadyExists")
        {
            return;
        }

        throw failure;
    }

    /// <summary>Every entity of one partition, page by page (the service returns up to 1,000 per page).</summary>
    public async IAsyncEnumerable<TableEntity> QueryPartitionAsync(string partitionKey, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var filter = Uri.EscapeDataString($"PartitionKey eq '{partitionKey.Replace("'", "''", StringComparison.Ordinal)}'");
        string? nextPartitionKey = null;
        string? nextRowKey = null;
        do
        {
            var uri = new StringBuilder($"{serviceUri}/{Name}()?$filter={filter}");
            if (nextPartitionKey is not null)
            {
                uri.Append("&NextPartitionKey=").Append(Uri.EscapeDataString(nextPartitionKey));
            }

            if (nextRowKey is not null)
            {
                uri.Append("&NextRowKey=").Append(Uri.EscapeDataString(nextRowKey));
            }

            List<TableEntity> page;
            using (var message = CreateMessage(RequestMethod.Get, uri.ToString()))
            {
                await pipeline.SendAsync(message, cancellationToken).ConfigureAwait(false);
                var response = message.Response;
                if (response.Status != 200)
                {
                    throw ReadFailure(response);
                }

                using var document = JsonDocument.Parse(response.Content.ToMemory());
                page = [.. document.RootElement.GetProperty("value").EnumerateArray().Select(TableEntityJson.Read)];
                nextPartitionKey = response.Headers.TryGetValue("x-ms-continuation-NextPartitionKey", out var npk) ? npk : null;
                nextRowKey = response.Headers.TryGetValue("x-ms-continuation-NextRowKey", out var nrk) ? nrk : null;
            }

            foreach (var entity in page)
            {
                yield return entity;
            }
        }
        while (nextPartitionKey is not null);
    }

    /// <summary>
    /// Submits the actions as one entity group transaction: all in one partition, at most 100, all or
    /// nothing. Returns each action's new ETag (default for deletes).
    /// </summary>
    /// <exception cref="TableTransactionFailedException">The service refused the transaction; nothing was written.</exception>
    public async Task<Response<IReadOnlyList<ETag>>> SubmitTransactionAsync(IReadOnlyList<TableTransactionAction> actions, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(actions);
        if (actions.Count is 0 or > MaxBatchOperations)
        {
            throw new ArgumentException($"A transaction holds 1 to {MaxBatchOperations} actions.", nameof(actions));
        }

        var batchBoundary = $"batch_{Guid.NewGuid():N}";
        using var message = CreateMessage(RequestMethod.Post, $"{serviceUri}/$batch");
        message.Request.Headers.SetValue(HttpHeader.Names.ContentType, $"multipart/mixed; boundary={batchBoundary}");
        message.Request.Content = RequestContent.Create(TableBatchBody.Write(actions, batchBoundary, $"{serviceUri}/{Name}"));
        await pipeline.SendAsync(message, cancellationToken).ConfigureAwait(false);
        var response = message.Response;
        if (response.Status != 202)
        {
            throw ReadFailure(response);
        }

        var parts = TableBatchBody.ReadResponses(response.Content.ToString());
        var failed = parts.FindIndex(p => p.Status >= 400);
        if (failed >= 0 || parts.Count != actions.Count)
        {
            var part = failed >= 0 ? parts[failed] : default;
            var (code, text) = ParseError(part.Body);
            throw new TableTransactionFailedException(part.Status == 0 ? 500 : part.Status,
                $"The Table service refused the transaction: {part.Status} {code}: {text}", code, FailedIndex(text));
        }

        return Response.FromValue<IReadOnlyList<ETag>>([.. parts.Select(p => p.ETag is { } e ? new ETag(e) : default)], response);
    }

    private HttpMessage CreateMessage(RequestMethod method, string uri)
    {
        var message = pipeline.CreateMessage();
        var request = message.Request;
        request.Method = method;
        request.Uri.Reset(new Uri(uri));
        request.Headers.SetValue("x-ms-version", TableClientOptions.ServiceVersion);
        request.Headers.SetValue("DataServiceVersion", "3.0");
        request.Headers.SetValue("MaxDataServiceVersion", "3.0;NetFx");
        request.Headers.SetValue(HttpHeader.Names.Accept, JsonAccept);
        return message;
    }

    private static RequestFailedException ReadFailure(Response response)
    {
        var (code, text) = ParseError(response.Content?.ToString());
        code ??= response.Headers.TryGetValue("x-ms-error-code", out var header) ? header : null;
        return new RequestFailedException(response.Status, $"The Table service answered {response.Status} {code}: {text}", code, null);
    }

    /// <summary>Reads <c>{"odata.error":{"code":…,"message":{"value":…}}}</c>; anything else yields no code.</summary>
    private static (string? Code, string Text) ParseError(string? body)
    {
        if (string.IsNullOrWhiteSpace(body))
        {
            return (null, "(no details)");
        }

        try
        {
            using var document = JsonDocument.Parse(body);
            if (document.RootElement.TryGetProperty("odata.error", out var error))
            {
                var code = error.TryGetProperty("code", out var c) ? c.GetString() : null;
                var text = error.TryGetProperty("message", out var m) && m.TryGetProperty("value", out var v) ? v.GetString() : null;
                return (code, text ?? "(no message)");
            }
        }
        catch (JsonException)
        {
            // Not JSON (a proxy's error page, for example): report no code.
        }

        return (null, "(unrecognized error body)");
    }

    /// <summary>The service prefixes a failed transaction's message with the failing action's index: <c>"2:The specified entity already exists."</c>.</summary>
    private static int? FailedIndex(string text)
    {
        var colon = text.IndexOf(':', StringComparison.Ordinal);
        return colon > 0 && int.TryParse(text.AsSpan(0, colon), NumberStyles.None, CultureInfo.InvariantCulture, out var index) ? index : null;
    }

    private static bool IsValidTableName(string name) =>
        name is { Length: >= 3 and <= 63 } && char.IsAsciiLetter(name[0]) && name.All(char.IsAsciiLetterOrDigit);
}
