using System.Diagnostics;
using System.Text.Json;
using AgUi.Functions.HostStandIn;
using AgUi.Protocol.Input;
using AgUi.Protocol.Json;
using AgUi.Protocol.Messages;

namespace AgUi.Bench.Load;

/// <summary>
/// One cold start: from the spawn of the process to when it was ready (listening; for the Functions worker, its
/// WorkerInitResponse), to when every function was loaded (the Functions worker only), and to the first byte of the
/// SSE body of the first request, sent as soon as it was ready.
/// </summary>
public sealed record ColdStartSample(TimeSpan ToReady, TimeSpan? ToLoaded, TimeSpan FirstRequestToFirstByte, TimeSpan ToFirstByte);

/// <summary>The cold starts of one host, each a fresh process.</summary>
public sealed record ColdStartFigures(string Host, string Ready, IReadOnlyList<ColdStartSample> Samples, string LoadAverage);

public static class ColdStart
{
    /// <summary>Starts <paramref name="target"/> <paramref name="samples"/> times, each time sending one run the moment it listens.</summary>
    public static async Task<ColdStartFigures> MeasureServerAsync(
        BenchTarget target, ScriptedModelServer model, HttpClient httpClient, int samples, IReadOnlyDictionary<string, string> serverEnvironment,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(serverEnvironment);
        var measured = new List<ColdStartSample>();
        for (var i = 0; i < samples; i++)
        {
            var port = ServerProcess.FindFreePort();
            var startInfo = target.CreateStartInfo(port, model.BaseUrl);
            foreach (var (name, value) in serverEnvironment)
            {
                startInfo.Environment[name] = value;
            }

            await using var server = await ServerProcess.StartAsync(startInfo, port, TimeSpan.FromSeconds(60), cancellationToken);
            var (sent, firstByte) = await FirstRunAsync(httpClient, new Uri(server.BaseUrl, BenchTarget.RunPath), cancellationToken);
            measured.Add(new ColdStartSample(
                Stopwatch.GetElapsedTime(server.SpawnedAt, server.ListeningAt), null,
                Stopwatch.GetElapsedTime(sent, firstByte), Stopwatch.GetElapsedTime(server.SpawnedAt, firstByte)));
        }

        return new ColdStartFigures(target.Description, "listening", measured, await PhasedBench.ReadLoadAverageAsync());
    }

    /// <summary>
    /// Starts the Functions app in <paramref name="appDirectory"/> as a worker behind the host stand-in, as the Functions
    /// host does, <paramref name="samples"/> times; one start before them is not counted, since the stand-in's own code
    /// runs cold in this process the first time.
    /// </summary>
    public static async Task<ColdStartFigures> MeasureFunctionsWorkerAsync(
        string appDirectory, ScriptedModelServer model, int samples, IReadOnlyDictionary<string, string> serverEnvironment,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(serverEnvironment);
        var settings = new Dictionary<string, string>(serverEnvironment)
        {
            ["AgUi:Model:Provider"] = "OpenAICompatible",
            ["AgUi:Model:Endpoint"] = model.BaseUrl.ToString(),
            ["AgUi:Model:Model"] = "scripted",
        };
        var measured = new List<ColdStartSample>();
        for (var i = -1; i < samples; i++)
        {
            await using var host = await FunctionsHostStandIn.StartAsync(appDirectory, settings);
            var times = host.WorkerStartTimes;
            var (sent, firstByte) = await FirstRunAsync(host.Client, new Uri(host.BaseAddress, BenchTarget.RunPath), cancellationToken);
            if (i >= 0)
            {
                measured.Add(new ColdStartSample(times.ToInit, times.ToLoaded, Stopwatch.GetElapsedTime(sent, firstByte), Stopwatch.GetElapsedTime(times.SpawnedAt, firstByte)));
            }
        }

        return new ColdStartFigures("AgUi.Functions worker through the host stand-in", "WorkerInitResponse", measured, await PhasedBench.ReadLoadAverageAsync());
    }

    /// <summary>Posts one run and reads its stream to the end; returns when it was sent and when the body's first byte arrived.</summary>
    private static async Task<(long Sent, long FirstByte)> FirstRunAsync(HttpClient httpClient, Uri endpoint, CancellationToken cancellationToken)
    {
        var input = new RunAgentInput
        {
            ThreadId = $"cold-thread-{Guid.NewGuid():N}",
            RunId = "cold-run",
            Messages = [new UserMessage { Id = "cold-msg", Content = "Stream the scripted reply." }],
        };
        using var request = new HttpRequestMessage(HttpMethod.Post, endpoint)
        {
            Content = new ByteArrayContent(JsonSerializer.SerializeToUtf8Bytes(input, AgUiJsonContext.Default.RunAgentInput)),
        };
        request.Content.Headers.ContentType = new("application/json");
        request.Headers.Accept.ParseAdd("text/event-stream");
        var sent = Stopwatch.GetTimestamp();
        using var response = await httpClient.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        response.EnsureSuccessStatusCode();
        await using var body = await response.Content.ReadAsStreamAsync(cancellationToken);
        var first = new byte[1];
        if (await body.ReadAsync(first, cancellationToken) == 0)
        {
            throw new InvalidOperationException($"{endpoint} answered with an empty stream.");
        }

        var firstByte = Stopwatch.GetTimestamp();
        await body.CopyToAsync(Stream.Null, cancellationToken);
        return (sent, firstByte);
    }
}
