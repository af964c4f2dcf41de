using System.Net;
using System.Net.ServerSentEvents;
using System.Net.Sockets;
using AgUi.Bench.Load;
using AgUi.Protocol.Events;
using AgUi.Protocol.Messages;
using AgUi.Reliability.Tests.HostileInput;
using AgUi.Runtime.Agents;
using AgUi.Runtime.Threads;
using AgUi.Testing;
using Azure.Data.Tables;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using ScriptedModelServer = AgUi.Bench.Load.ScriptedModelServer;

namespace AgUi.Reliability.Tests.Faults;

/// <summary>
/// Faults of the model, the store and the client, against the standalone app with the model agent and the
/// in-memory thread store: each stream passes the verifier and ends in RUN_ERROR with its stable code, and
/// the user's message is kept in the thread whenever the store is up.
/// </summary>
public sealed class FaultTests : IAsyncLifetime
{
    private const string UserMessageId = "msg-1";

    private ScriptedModelServer model = null!;
    private AgUiTestHost host = null!;

    public async Task InitializeAsync()
    {
        model = await ScriptedModelServer.StartAsync();
        host = await StartHostAsync(null);
    }

    public async Task DisposeAsync()
    {
        await host.DisposeAsync();
        await model.DisposeAsync();
    }

    [Theory]
    [InlineData(ModelFault.Unauthorized, RunErrorCodes.ModelAuthenticationFailed)]
    [InlineData(ModelFault.RateLimited, RunErrorCodes.ModelRateLimited)]
    [InlineData(ModelFault.ServerError, RunErrorCodes.ModelServerError)]
    [InlineData(ModelFault.CloseMidStream, RunErrorCodes.ModelStreamBroken)]
    [InlineData(ModelFault.MalformedChunk, RunErrorCodes.ModelStreamBroken)]
    [InlineData(ModelFault.Stall, RunErrorCodes.ModelTimeout)]
    public async Task ModelFaultEndsTheRunWithItsCodeAndKeepsTheUserMessage(ModelFault fault, string code)
    {
        // Paced, so the tokens before a mid-stream fault have reached the agent when the connection breaks.
        model.Script = new ModelScript(10, TimeSpan.FromMilliseconds(10), fault);
        var threadId = NewThreadId();

        var verdict = await RunAsync(host, threadId);

        var error = Assert.IsType<RunErrorEvent>(verdict.LastEvent);
        Assert.Equal(code, error.Code);
        var stored = await host.Services.GetRequiredService<IThreadStore>().LoadAsync(threadId, CancellationToken.None);
        Assert.Contains(stored.Messages, m => m is UserMessage && m.Id == UserMessageId);
    }

    [Fact]
    public async Task ClientDisconnectMidStreamKeepsTheUserMessage()
    {
        model.Script = new ModelScript(200, TimeSpan.FromMilliseconds(20));
        var threadId = NewThreadId();
        using (var request = HostileRequests.Valid(threadId))
        {
            request.RequestUri = host.Endpoint;
            using var response = await host.Client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
            await using var body = await response.Content.ReadAsStreamAsync();
            await foreach (var item in SseParser.Create(body).EnumerateAsync())
            {
                if (item.Data.Contains(EventTypes.TextMessageContent, StringComparison.Ordinal))
                {
                    break;
                }
            }
        }

        var store = host.Services.GetRequiredService<IThreadStore>();
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        StoredThread stored;
        do
        {
            await Task.Delay(50);
            stored = await store.LoadAsync(threadId, CancellationToken.None);
        }
        while (stored.Version is null && DateTime.UtcNow < deadline);

        Assert.Contains(stored.Messages, m => m is UserMessage && m.Id == UserMessageId);
    }

    [Fact]
    public async Task StoreThatCannotBeReachedEndsTheRunWithThreadStoreUnavailable()
    {
        var options = new TableClientOptions();
        options.Retry.MaxRetries = 0;
        var client = new TableClient($"DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey={Convert.ToBase64String(new byte[64])};TableEndpoint=http://127.0.0.1:{ClosedPort()}/devstoreaccount1;", "threads", options);
        using var unreachable = new TableThreadStore(client, Options.Create(new ThreadStoreOptions()));
        model.Script = new ModelScript(10, TimeSpan.Zero);
        await using var refusing = await StartHostAsync(unreachable);

        var verdict = await RunAsync(refusing, NewThreadId());

        Assert.Equal(RunErrorCodes.ThreadStoreUnavailable, Assert.IsType<RunErrorEvent>(verdict.LastEvent).Code);
    }

    [Fact]
    public async Task StoreThatAlwaysConflictsEndsTheRunWithThreadConflict()
    {
        var store = new RivalRunStore(new InMemoryThreadStore());
        model.Script = new ModelScript(10, TimeSpan.Zero);
        await using var conflicting = await StartHostAsync(store);
        var threadId = NewThreadId();

        var verdict = await RunAsync(conflicting, threadId);

        Assert.Equal(RunErrorCodes.ThreadConflict, Assert.IsType<RunErrorEvent>(verdict.LastEvent).Code);
        var retries = new ThreadStoreOptions().MaxConflictRetries;
        Assert.Equal(retries + 1, store.CommitsAttempted);
        Assert.Equal(Enumerable.Range(1, retries + 1).Select(i => $"rival-{i}"), (await store.LoadAsync(threadId, CancellationToken.None)).Messages.Select(m => m.Id));
    }

    /// <summary>A loopback port nothing listens on: connections to it are refused.</summary>
    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private async Task<AgUiTestHost> StartHostAsync(IThreadStore? store)
    {
        return await ReliabilityHost.StartAsync(
            new Dictionary<string, string?>
            {
                ["AgUi:Model:Provider"] = "OpenAICompatible",
                ["AgUi:Model:Endpoint"] = model.BaseUrl.ToString(),
                ["AgUi:Model:Model"] = "scripted",
                ["AgUi:Model:MaxRetries"] = "0",
                ["AgUi:Model:RequestTimeout"] = "00:00:02",
            },
            store is null ? null : services => services.AddSingleton(store));
    }

    private static async Task<ResponseVerdict> RunAsync(AgUiTestHost target, string threadId)
    {
        using var request = HostileRequests.Valid(threadId);
        request.RequestUri = target.Endpoint;
        using var response = await target.Client.SendAsync(request);
        return await ResponseVerdict.ReadAsync(response, threadId);
    }

    private static string NewThreadId() => $"thread-{Guid.NewGuid():N}";
}
