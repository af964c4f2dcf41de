using System.Text.Json;
using AgUi.Protocol.Events;
using AgUi.Protocol.Json;
using AgUi.Runtime.Threads;
using AgUi.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace AgUi.Reliability.Tests.HostileInput;

/// <summary>
/// Every generated hostile request gets a 4xx problem JSON or a valid stream that ends the run, never
/// a 5xx; a rejected request leaves the stored thread as it was; and the server still streams a good
/// request right after.
/// </summary>
public sealed class HostileInputTests(OfflineHostFixture fixture) : IClassFixture<OfflineHostFixture>
{
    private AgUiTestHost Host => fixture.Host;

    public static TheoryData<string> Names => new(HostileRequests.Cases.Keys);

    [Fact]
    public void TheSuiteHoldsAtLeast200Requests() => Assert.InRange(HostileRequests.Cases.Count, 200, int.MaxValue);

    [Theory]
    [MemberData(nameof(Names))]
    public async Task HostileRequestIsAnsweredCleanly(string name)
    {
        var hostile = HostileRequests.Cases[name];
        // As long as the bodies' placeholder thread id, so bodies padded to an exact size keep it.
        var threadId = $"thread-{Guid.NewGuid():N}"[..HostileRequests.PlaceholderThreadId.Length];
        await RunGoodRequestAsync(threadId, "seeding the thread");
        var store = Host.Services.GetRequiredService<IThreadStore>();
        var before = await store.LoadAsync(threadId, CancellationToken.None);
        Assert.NotNull(before.Version);

        using var request = hostile.Create(threadId);
        request.RequestUri = Host.Endpoint;
        using var response = await Host.Client.SendAsync(request);
        var verdict = await ResponseVerdict.ReadAsync(response, name);
        Assert.Equal(hostile.ExpectedStatus, (int)verdict.Status);
        if (!verdict.IsProblem)
        {
            Assert.Equal(EventTypes.RunFinished, verdict.LastEventType);
        }

        if (verdict.IsProblem)
        {
            var after = await store.LoadAsync(threadId, CancellationToken.None);
            Assert.Equal(before.Version, after.Version);
            Assert.Equal(Describe(before), Describe(after));
        }

        await RunGoodRequestAsync(threadId, $"good request after '{name}'");
    }

    private async Task RunGoodRequestAsync(string threadId, string context)
    {
        using var good = HostileRequests.Valid(threadId);
        good.RequestUri = Host.Endpoint;
        using var response = await Host.Client.SendAsync(good);
        var verdict = await ResponseVerdict.ReadAsync(response, context);
        Assert.Equal(EventTypes.RunFinished, verdict.LastEventType);
    }

    private static string Describe(StoredThread thread) =>
        JsonSerializer.Serialize(thread.Messages, AgUiJsonContext.Default.IReadOnlyListMessage) + " state: " +
        (thread.State.ValueKind == JsonValueKind.Undefined ? "none" : thread.State.GetRawText());
}
