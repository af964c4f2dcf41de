using System.Collections.Concurrent;
using System.Diagnostics.Tracing;
using AgUi.Runtime.Storage;
using AgUi.Runtime.Threads;
using AgUi.Testing;
using Azure;
using Azure.Core.Diagnostics;
using Azure.Data.Tables;
using Microsoft.Extensions.Options;
using static AgUi.Runtime.Tests.Threads.ThreadTestData;

namespace AgUi.Runtime.Tests.Storage;

/// <summary>The <c>ThreadStorage</c> settings as the app reads them at start, and what its Table client lets into logs and errors.</summary>
[Collection(AzuriteTests.Name)]
public sealed class ThreadStorageConnectionTests(AzuriteFixture azurite)
{
    // No "=" in it, so the SDK's parser, which quotes a segment it cannot read, would quote it whole.
    private const string SecretKey = "SecretKeyThatMustStayHidden0123456789abcdefghij";

    [Theory]
    [InlineData("ThreadStorage", "AccountName=acct;AccountKey=" + SecretKey + ";Bogus")]
    [InlineData("ThreadStorage", "AccountName=acct;" + SecretKey)]
    [InlineData("ThreadStorage", "DefaultEndpointsProtocol=https;AccountName=acct;AccountKey=" + SecretKey + ";EndpointSuffix")]
    [InlineData("ThreadStorage", "just text " + SecretKey)]
    [InlineData("ConnectionStrings:ThreadStorage", "TableEndpoint=::not a uri::;AccountName=acct;AccountKey=" + SecretKey)]
    public async Task ABadConnectionStringStopsTheAppNamingTheSettingNotItsValue(string setting, string value)
    {
        var failure = await Assert.ThrowsAsync<InvalidOperationException>(() => AgUiTestHost.StartAsync(o => o.Settings[setting] = value));

        Assert.StartsWith($"{setting} is not a storage connection string", failure.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(SecretKey, failure.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("acct", failure.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("ThreadStorage:tableServiceUri", "http://account.table.core.windows.net", "ThreadStorage:tableServiceUri must be an absolute https URL")]
    [InlineData("AgUi:Threads:TableName", "no-dashes", "AgUi:Threads:TableName must be 3 to 63 letters and digits")]
    public async Task AnUnusableSettingStopsTheAppNamingIt(string setting, string value, string expected)
    {
        var failure = await Assert.ThrowsAsync<InvalidOperationException>(() => AgUiTestHost.StartAsync(o =>
        {
            o.Settings["ThreadStorage:tableServiceUri"] = "https://account.table.core.windows.net";
            o.Settings[setting] = value;
        }));

        Assert.StartsWith(expected, failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AWrongAccountKeyIsRefusedWithoutTheKeyInTheError()
    {
        var wrongKey = Convert.ToBase64String(Enumerable.Range(1, 64).Select(i => (byte)i).ToArray());
        var client = new TableClient(azurite.ConnectionStringWithKey(wrongKey), AzuriteFixture.UniqueTableName("auth"));
        using var store = new TableThreadStore(client, Options.Create(new ThreadStoreOptions()));

        var failure = await Assert.ThrowsAsync<RequestFailedException>(() => store.EnsureTableAsync(default));

        Assert.Equal(403, failure.Status);
        Assert.DoesNotContain(wrongKey, failure.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheSdkLogsStorageRequestsWithoutTheKeyOrTheSignature()
    {
        var lines = new ConcurrentQueue<string>();
        using (new AzureEventSourceListener((_, message) => lines.Enqueue(message), EventLevel.Verbose))
        {
            using var store = new TableThreadStore(azurite.CreateClient(AzuriteFixture.UniqueTableName("logs")), Options.Create(new ThreadStoreOptions()));
            var empty = await store.LoadAsync("logged", default);
            await store.CommitAsync(empty, Commit([User("u1", "hi")], default), default);
        }

        // The listener saw the requests (with their headers), so the absence below means something.
        Assert.Contains(lines, l => l.Contains("/$batch", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("Authorization:REDACTED", StringComparison.OrdinalIgnoreCase));
        Assert.DoesNotContain(lines, l => l.Contains(AzuriteFixture.AccountKey, StringComparison.Ordinal));
        Assert.DoesNotContain(lines, l => l.Contains("SharedKey", StringComparison.Ordinal));
    }
}
