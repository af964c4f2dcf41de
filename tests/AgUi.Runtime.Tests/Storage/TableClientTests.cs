using System.Diagnostics.Tracing;
using AgUi.Runtime.Storage;
using AgUi.Testing;
using Azure;
using Azure.Core.Diagnostics;

namespace AgUi.Runtime.Tests.Storage;

[Collection(AzuriteTests.Name)]
public sealed class TableClientTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task CreateIfNotExistsSucceedsWhenTheTableAlreadyExists()
    {
        var client = azurite.CreateClient(AzuriteFixture.UniqueTableName("create"));
        await client.CreateIfNotExistsAsync();
        await client.CreateIfNotExistsAsync();
        Assert.Empty(await QueryAsync(client, "p"));
    }

    [Fact]
    public async Task EveryPropertyTypeRoundTripsThroughATransaction()
    {
        var client = await CreateTableAsync("types");
        var when = new DateTimeOffset(2026, 11, 22, 1, 2, 3, TimeSpan.Zero).AddTicks(1234567);
        var binary = Enumerable.Range(0, 65536).Select(i => (byte)i).ToArray();
        var entity = new TableEntity("p", "r1")
        {
            ["Text"] = "héllo 😀 'quoted'",
            ["Number"] = 42,
            ["Big"] = long.MaxValue,
            ["Flag"] = true,
            ["Bytes"] = binary,
            ["When"] = when,
        };

        var result = await client.SubmitTransactionAsync([new(TableTransactionActionType.Add, entity)]);
        var read = Assert.Single(await QueryAsync(client, "p"));

        Assert.NotEqual(default, result.Value[0]);
        Assert.Equal(result.Value[0], read.ETag);
        Assert.Equal("héllo 😀 'quoted'", read.GetString("Text"));
        Assert.Equal(42, read.GetInt32("Number"));
        Assert.Equal(long.MaxValue, read["Big"]);
        Assert.Equal(true, read["Flag"]);
        Assert.Equal(binary, read.GetBinary("Bytes"));
        Assert.Equal(when, read.GetDateTimeOffset("When"));
    }

    [Fact]
    public async Task AStaleETagFailsTheWholeTransactionWith412()
    {
        var client = await CreateTableAsync("etag");
        var first = await client.SubmitTransactionAsync([new(TableTransactionActionType.Add, new TableEntity("p", "meta") { ["V"] = 1 })]);
        await client.SubmitTransactionAsync([new(TableTransactionActionType.UpdateReplace, new TableEntity("p", "meta") { ["V"] = 2 }, first.Value[0])]);

        var failure = await Assert.ThrowsAsync<TableTransactionFailedException>(() => client.SubmitTransactionAsync(
        [
            new(TableTransactionActionType.UpsertReplace, new TableEntity("p", "other") { ["V"] = 9 }),
            new(TableTransactionActionType.UpdateReplace, new TableEntity("p", "meta") { ["V"] = 3 }, first.Value[0]),
        ]));

        Assert.Equal(412, failure.Status);
        Assert.Equal("UpdateConditionNotSatisfied", failure.ErrorCode);
        var rows = await QueryAsync(client, "p");
        Assert.Equal(2, Assert.Single(rows).GetInt32("V"));
    }

    [Fact]
    public async Task InsertingAnExistingRowFailsWith409()
    {
        var client = await CreateTableAsync("dup");
        await client.SubmitTransactionAsync([new(TableTransactionActionType.Add, new TableEntity("p", "r"))]);

        var failure = await Assert.ThrowsAsync<TableTransactionFailedException>(() =>
            client.SubmitTransactionAsync([new(TableTransactionActionType.Add, new TableEntity("p", "r"))]));

        Assert.Equal(409, failure.Status);
        Assert.Equal("EntityAlreadyExists", failure.ErrorCode);
    }

    [Fact]
    public async Task MergeAndDeleteWork()
    {
        var client = await CreateTableAsync("merge");
        var added = await client.SubmitTransactionAsync(
        [
            new(TableTransactionActionType.Add, new TableEntity("p", "a") { ["X"] = 1 }),
            new(TableTransactionActionType.Add, new TableEntity("p", "b")),
        ]);
        await client.SubmitTransactionAsync(
        [
            new(TableTransactionActionType.UpdateMerge, new TableEntity("p", "a") { ["Y"] = 2 }, added.Value[0]),
            new(TableTransactionActionType.Delete, new TableEntity("p", "b"), ETag.All),
        ]);

        var row = Assert.Single(await QueryAsync(client, "p"));
        Assert.Equal((1, 2), (row.GetInt32("X"), row.GetInt32("Y")));
    }

    [Fact]
    public async Task APartitionQueryFollowsContinuationTokens()
    {
        var client = await CreateTableAsync("pages");
        for (var batch = 0; batch < 11; batch++)
        {
            await client.SubmitTransactionAsync([.. Enumerable.Range(batch * 100, 100)
                .Select(i => new TableTransactionAction(TableTransactionActionType.Add, new TableEntity("p", $"r{i:D5}")))]);
        }

        await client.SubmitTransactionAsync([new(TableTransactionActionType.Add, new TableEntity("q", "other"))]);

        var rows = await QueryAsync(client, "p");
        Assert.Equal(1100, rows.Count);
        Assert.Equal(Enumerable.Range(0, 1100).Select(i => $"r{i:D5}"), rows.Select(r => r.RowKey));
    }

    [Fact]
    public async Task AWrongAccountKeyIsRefused()
    {
        var wrongKey = Convert.ToBase64String(new byte[64]);
        var client = new TableClient(
            $"DefaultEndpointsProtocol=http;AccountName={AzuriteFixture.AccountName};AccountKey={wrongKey};TableEndpoint=http://127.0.0.1:{azurite.Port}/{AzuriteFixture.AccountName};",
            AzuriteFixture.UniqueTableName("auth"));

        var failure = await Assert.ThrowsAsync<RequestFailedException>(() => client.CreateIfNotExistsAsync());

        Assert.Equal(403, failure.Status);
        Assert.DoesNotContain(wrongKey, failure.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ThePipelineLogsRequestsWithTheAuthorizationHeaderRedacted()
    {
        var lines = new System.Collections.Concurrent.ConcurrentQueue<string>();
        using (new AzureEventSourceListener((_, message) => lines.Enqueue(message), EventLevel.Verbose))
        {
            await azurite.CreateClient(AzuriteFixture.UniqueTableName("logs")).CreateIfNotExistsAsync();
        }

        Assert.Contains(lines, l => l.Contains("Authorization:REDACTED", StringComparison.OrdinalIgnoreCase));
        Assert.DoesNotContain(lines, l => l.Contains("SharedKeyLite", StringComparison.Ordinal));
    }

    [Fact]
    public void DevelopmentStorageStandsForAzuriteWithoutPrintingTheKey()
    {
        var connection = StorageConnectionString.Parse("UseDevelopmentStorage=true");

        Assert.Equal(new Uri("http://127.0.0.1:10002/devstoreaccount1"), connection.TableEndpoint);
        Assert.Equal(AzuriteFixture.AccountName, connection.AccountName);
        Assert.DoesNotContain("Eby8", connection.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("AccountName=a")]
    [InlineData("AccountName=a;AccountKey=not base64!")]
    [InlineData("just text")]
    public void AnIncompleteConnectionStringIsRefusedWithoutEchoingIt(string connectionString)
    {
        var failure = Assert.Throws<FormatException>(() => StorageConnectionString.Parse(connectionString));
        Assert.DoesNotContain(connectionString, failure.Message, StringComparison.Ordinal);
    }

    private async Task<TableClient> CreateTableAsync(string prefix)
    {
        var client = azurite.CreateClient(AzuriteFixture.UniqueTableName(prefix));
        await client.CreateIfNotExistsAsync();
        return client;
    }

    private static async Task<List<TableEntity>> QueryAsync(TableClient client, string partitionKey)
    {
        var rows = new List<TableEntity>();
        await foreach (var row in client.QueryPartitionAsync(partitionKey))
        {
            rows.Add(row);
        }

        return rows;
    }
}
