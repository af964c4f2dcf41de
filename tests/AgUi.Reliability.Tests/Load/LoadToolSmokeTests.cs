using AgUi.Bench.Load;

namespace AgUi.Reliability.Tests.Load;

/// <summary>
/// A seconds-long run of the load tool's own code against the raw Kestrel ceiling and AgUi.Server (its
/// model the scripted one), with every event verified, so the tool and its servers cannot rot unnoticed
/// between benchmark runs. No timing is asserted: only that every run completes and every event and token is counted.
/// </summary>
public sealed class LoadToolSmokeTests
{
    private const int Runs = 10;
    private const int TokenCount = 20;

    [Theory]
    [InlineData(BenchTarget.RawKestrelName)]
    [InlineData(BenchTarget.AgUiName)]
    public async Task RunsCompleteWithEveryTokenStampedAndVerified(string targetName)
    {
        await using var model = await ScriptedModelServer.StartAsync();
        model.Script = new ModelScript(TokenCount, TimeSpan.FromMilliseconds(1));
        var target = BenchTarget.Find(targetName, BenchTarget.FindRepoRoot(), BuildConfiguration);
        var port = ServerProcess.FindFreePort();
        await using var server = await ServerProcess.StartAsync(target.CreateStartInfo(port, model.BaseUrl), port, TimeSpan.FromSeconds(60));
        using var http = LoadRunner.CreateHttpClient();

        var result = await new LoadRunner(new LoadOptions
        {
            Target = new Uri(server.BaseUrl, BenchTarget.RunPath),
            Concurrency = 5,
            Runs = Runs,
            VerifyEvents = true,
            RequestTimeout = TimeSpan.FromSeconds(30),
        }, http).RunAsync();

        Assert.True(result.FailedRuns == 0, string.Join('\n', result.FailureSamples));
        Assert.Equal(Runs, result.Runs);
        Assert.Equal(Runs * (TokenCount + 4), result.Events);
        Assert.Equal(Runs * TokenCount, result.StampedTokens);
    }

    [Fact]
    public async Task ScriptedModelStreamsStampedChunksInOpenAiFormat()
    {
        await using var model = await ScriptedModelServer.StartAsync();
        model.Script = new ModelScript(3, TimeSpan.Zero);
        using var http = new HttpClient();
        using var response = await http.PostAsync(new Uri(model.BaseUrl + "/chat/completions"),
            new StringContent("""{"model":"scripted","stream":true,"stream_options":{"include_usage":true},"messages":[{"role":"user","content":"hi"}]}""",
                System.Text.Encoding.UTF8, "application/json"));
        var body = await response.Content.ReadAsStringAsync();

        var frames = body.Split("\n\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.All(frames, f => Assert.StartsWith("data: ", f, StringComparison.Ordinal));
        Assert.Equal("data: [DONE]", frames[^1]);
        var contents = frames[..^1].Select(f => System.Text.Json.JsonDocument.Parse(f[6..]).RootElement)
            .Where(chunk => chunk.GetProperty("choices").GetArrayLength() > 0)
            .Select(chunk => chunk.GetProperty("choices")[0].GetProperty("delta"))
            .Where(delta => delta.TryGetProperty("content", out _))
            .Select(delta => delta.GetProperty("content").GetString()!)
            .Where(content => content.Length > 0)
            .ToList();
        Assert.Equal(3, contents.Count);
        Assert.All(contents, c => Assert.Equal(1, TokenStamp.ForEach(c, _ => { })));
        Assert.Contains("\"completion_tokens\":3", body, StringComparison.Ordinal);
        Assert.Contains("\"finish_reason\":\"stop\"", body, StringComparison.Ordinal);
    }

    private static string BuildConfiguration =>
#if DEBUG
        "Debug";
#else
        "Release";
#endif
}
