using System.Diagnostics;
using AgUi.Bench.Load;
using AgUi.Protocol.Messages;
using AgUi.Reliability.Tests.HostileInput;
using AgUi.Runtime.Threads;
using Microsoft.Extensions.DependencyInjection;

namespace AgUi.Reliability.Tests.Load;

/// <summary>
/// 500 runs, 50 at a time, against the app with the model agent and the Table Storage thread store on a
/// real Azurite: no run may fail, every stream passes the verifier, and afterwards every thread holds its
/// user message followed by the whole streamed reply.
/// </summary>
public sealed class FiveHundredRunsTests
{
    private const int Runs = 500;
    private const int TokenCount = 20;
    private const string AzuriteAccountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    [Fact]
    public async Task EveryRunSucceedsAndEveryThreadKeepsItsWholeExchange()
    {
        var port = ServerProcess.FindFreePort();
        await using var azurite = await ServerProcess.StartAsync(AzuriteTable(port), port, TimeSpan.FromSeconds(60));
        await using var model = await ScriptedModelServer.StartAsync();
        model.Script = new ModelScript(TokenCount, TimeSpan.Zero);
        await using var host = await ReliabilityHost.StartAsync(new Dictionary<string, string?>
        {
            ["AgUi:Model:Provider"] = "OpenAICompatible",
            ["AgUi:Model:Endpoint"] = model.BaseUrl.ToString(),
            ["AgUi:Model:Model"] = "scripted",
            ["ThreadStorage"] = $"DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey={AzuriteAccountKey};TableEndpoint=http://127.0.0.1:{port}/devstoreaccount1;",
        });
        using var http = LoadRunner.CreateHttpClient();
        var runner = new LoadRunner(new LoadOptions
        {
            Target = host.Endpoint,
            Concurrency = 50,
            Runs = Runs,
            VerifyEvents = true,
            FunctionKey = ReliabilityHost.FunctionKey,
            RequestTimeout = TimeSpan.FromSeconds(60),
        }, http);

        var result = await runner.RunAsync();

        Assert.True(result.FailedRuns == 0, string.Join('\n', result.FailureSamples));
        Assert.Equal(Runs * TokenCount, result.StampedTokens);
        var store = host.Services.GetRequiredService<IThreadStore>();
        Assert.IsNotType<InMemoryThreadStore>(store);
        for (var run = 0; run < Runs; run++)
        {
            var thread = await store.LoadAsync(runner.ThreadIdOf(run), CancellationToken.None);
            Assert.Equal(2, thread.Messages.Count);
            Assert.Equal(runner.UserMessageIdOf(run), Assert.IsType<UserMessage>(thread.Messages[0]).Id);
            var reply = Assert.IsType<AssistantMessage>(thread.Messages[1]);
            Assert.Equal(TokenCount, TokenStamp.ForEach(reply.Content, _ => { }));
        }
    }

    private static ProcessStartInfo AzuriteTable(int port)
    {
        var bin = Environment.GetEnvironmentVariable("AZURITE_TABLE_BIN") is { Length: > 0 } configured
            ? configured
            : Path.Combine(BenchTarget.FindRepoRoot(), "tests", "conformance", "node_modules", ".bin", "azurite-table");
        Assert.True(File.Exists(bin), $"Azurite is not installed at {bin}: run scripts/test.sh, or npm ci --prefix tests/conformance.");
        var start = new ProcessStartInfo(bin) { WorkingDirectory = Path.GetTempPath() };
        foreach (var argument in new[] { "--inMemoryPersistence", "--skipApiVersionCheck", "--disableTelemetry", "--silent",
                     "--tableHost", "127.0.0.1", "--tablePort", port.ToString(System.Globalization.CultureInfo.InvariantCulture) })
        {
            start.ArgumentList.Add(argument);
        }

        return start;
    }
}
