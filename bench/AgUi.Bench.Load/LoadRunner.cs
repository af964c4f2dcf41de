using System.Diagnostics;
using System.Net;
using System.Net.ServerSentEvents;
using System.Text.Json;
using AgUi.Protocol.Events;
using AgUi.Protocol.Input;
using AgUi.Protocol.Json;
using AgUi.Protocol.Messages;
using AgUi.Protocol.Verification;

namespace AgUi.Bench.Load;

/// <summary>How a load run drives its target.</summary>
public sealed record LoadOptions
{
    /// <summary>The run endpoint, e.g. <c>http://127.0.0.1:5080/api/agent</c>.</summary>
    public required Uri Target { get; init; }

    /// <summary>Streams open at the same time.</summary>
    public int Concurrency { get; init; } = 10;

    /// <summary>Runs in total; each of the <see cref="Concurrency"/> workers starts the next one when its stream ends.</summary>
    public int Runs { get; init; } = 100;

    /// <summary>Deserialize every event and pass it through <see cref="EventSequenceVerifier"/>; a violation fails the run.</summary>
    public bool VerifyEvents { get; init; }

    /// <summary>
    /// The workers' first runs start spread evenly over this period instead of all at once, so a
    /// steady-state measurement is not dominated by one burst of simultaneous run starts.
    /// </summary>
    public TimeSpan RampUp { get; init; }

    /// <summary>Sent as <c>x-functions-key</c> when set.</summary>
    public string? FunctionKey { get; init; }

    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromMinutes(2);
}

/// <summary>
/// Drives concurrent AG-UI runs against a target and measures what a client sees: events per second,
/// time to the first event, and, for every TEXT_MESSAGE_CONTENT whose delta carries a <see cref="TokenStamp"/>,
/// the time from the token's emission to its arrival here.
/// </summary>
public sealed class LoadRunner(LoadOptions options, HttpClient httpClient)
{
    private const int MaxFailureSamples = 5;

    private static readonly long TicksPerMillisecond = Stopwatch.Frequency / 1000;

    // Unique per runner, so runs of different load runs against one server never share a thread.
    private readonly string batch = Guid.NewGuid().ToString("N");
    private int openStreams;

    /// <summary>Streams whose response has started and not yet ended, now.</summary>
    public int OpenStreams => Volatile.Read(ref openStreams);

    /// <summary>The thread id run <paramref name="run"/> (0-based) sends: every run starts its own thread.</summary>
    public string ThreadIdOf(int run) => $"bench-thread-{batch}-{run}";

    /// <summary>The id of the one user message run <paramref name="run"/> sends.</summary>
    public string UserMessageIdOf(int run) => $"bench-msg-{batch}-{run}";

    public static HttpClient CreateHttpClient() => new(new SocketsHttpHandler
    {
        MaxConnectionsPerServer = int.MaxValue,
        PooledConnectionIdleTimeout = TimeSpan.FromMinutes(1),
        AutomaticDecompression = DecompressionMethods.None,
        UseProxy = false,
    })
    {
        Timeout = Timeout.InfiniteTimeSpan,
    };

    public async Task<LoadResult> RunAsync(CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(options.Concurrency, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.Runs, 1);

        var outcomes = new RunOutcome[options.Runs];
        var next = -1;
        var started = Stopwatch.GetTimestamp();
        var workerCount = Math.Min(options.Concurrency, options.Runs);
        var workers = Enumerable.Range(0, workerCount).Select(worker => Task.Run(async () =>
        {
            if (options.RampUp > TimeSpan.Zero)
            {
                await Task.Delay(options.RampUp * worker / workerCount, cancellationToken);
            }

            for (var i = Interlocked.Increment(ref next); i < outcomes.Length; i = Interlocked.Increment(ref next))
            {
                outcomes[i] = await RunOnceAsync(i, cancellationToken);
            }
        }, cancellationToken));
        await Task.WhenAll(workers);
        var elapsed = Stopwatch.GetElapsedTime(started);
        return Summarize(outcomes, elapsed);
    }

    private async Task<RunOutcome> RunOnceAsync(int index, CancellationToken cancellationToken)
    {
        var outcome = new RunOutcome();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.RequestTimeout);
        var sent = Stopwatch.GetTimestamp();
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, options.Target)
            {
                Content = new ByteArrayContent(CreateBody(index)),
            };
            request.Content.Headers.ContentType = new("application/json");
            request.Headers.Accept.ParseAdd("text/event-stream");
            if (options.FunctionKey is not null)
            {
                request.Headers.Add("x-functions-key", options.FunctionKey);
            }

            using var response = await httpClient.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
            if (!response.IsSuccessStatusCode)
            {
                outcome.Failure = $"HTTP {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(timeout.Token)}";
                return outcome;
            }

            Interlocked.Increment(ref openStreams);
            try
            {
                await ReadStreamAsync(response, outcome, sent, timeout.Token);
            }
            finally
            {
                Interlocked.Decrement(ref openStreams);
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            outcome.Failure = $"no complete stream within {options.RequestTimeout}";
        }
        catch (Exception ex) when (ex is HttpRequestException or IOException or JsonException)
        {
            outcome.Failure = $"{ex.GetType().Name}: {ex.Message}";
        }

        return outcome;
    }

    private async Task ReadStreamAsync(HttpResponseMessage response, RunOutcome outcome, long sent, CancellationToken cancellationToken)
    {
        await using var body = await response.Content.ReadAsStreamAsync(cancellationToken);
        var verifier = options.VerifyEvents ? new EventSequenceVerifier() : null;
        string? lastType = null;
        await foreach (var item in SseParser.Create(body, (_, data) => ReadEvent(data, verifier)).EnumerateAsync(cancellationToken))
        {
            var received = Stopwatch.GetTimestamp();
            var e = item.Data;
            if (outcome.Events == 0)
            {
                outcome.TimeToFirstEventTicks = received - sent;
            }

            outcome.Events++;
            lastType = e.Type;
            if (e.Violation is not null)
            {
                outcome.Failure ??= $"invalid event sequence: {e.Violation}";
            }

            if (e.Delta is not null && e.Type == EventTypes.TextMessageContent)
            {
                TokenStamp.ForEach(e.Delta, emitted => outcome.AddedLatencyTicks.Add(received - emitted));
            }
        }

        if (lastType != EventTypes.RunFinished)
        {
            outcome.Failure ??= lastType is null ? "empty stream" : $"the stream ended with {lastType}, not RUN_FINISHED";
        }
    }

    private byte[] CreateBody(int run)
    {
        var input = new RunAgentInput
        {
            ThreadId = ThreadIdOf(run),
            RunId = $"bench-run-{batch}-{run}",
            Messages = [new UserMessage { Id = UserMessageIdOf(run), Content = "Stream the scripted reply." }],
        };
        return JsonSerializer.SerializeToUtf8Bytes(input, AgUiJsonContext.Default.RunAgentInput);
    }

    /// <summary>
    /// Reads the event's type and delta with a forward-only reader (cheap, so the client does not
    /// dominate the CPU it shares with the server), or, when verifying, deserializes the whole event.
    /// </summary>
    private static ReceivedEvent ReadEvent(ReadOnlySpan<byte> data, EventSequenceVerifier? verifier)
    {
        if (verifier is not null)
        {
            var agUiEvent = JsonSerializer.Deserialize(data, AgUiJsonContext.Default.BaseEvent)
                ?? throw new JsonException("An SSE data line held JSON null.");
            return new ReceivedEvent(agUiEvent.Type, (agUiEvent as TextMessageContentEvent)?.Delta, verifier.Accept(agUiEvent));
        }

        var reader = new Utf8JsonReader(data);
        string? type = null;
        string? delta = null;
        reader.Read();
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var isType = reader.ValueTextEquals("type"u8);
            var isDelta = reader.ValueTextEquals("delta"u8);
            reader.Read();
            if (isType)
            {
                type = reader.GetString();
            }
            else if (isDelta && reader.TokenType == JsonTokenType.String)
            {
                delta = reader.GetString();
            }
            else
            {
                reader.Skip();
            }
        }

        return new ReceivedEvent(type ?? throw new JsonException("An event without a type."), delta, null);
    }

    private static LoadResult Summarize(RunOutcome[] outcomes, TimeSpan elapsed)
    {
        var failures = outcomes.Where(o => o.Failure is not null).ToList();
        var firstEvent = outcomes.Where(o => o.Events > 0).Select(o => o.TimeToFirstEventTicks).ToArray();
        var latency = outcomes.SelectMany(o => o.AddedLatencyTicks).ToArray();
        Array.Sort(firstEvent);
        Array.Sort(latency);
        var events = outcomes.Sum(o => o.Events);
        return new LoadResult
        {
            Runs = outcomes.Length,
            FailedRuns = failures.Count,
            FailureSamples = failures.Take(MaxFailureSamples).Select(o => o.Failure!).ToList(),
            Events = events,
            StampedTokens = latency.Length,
            Elapsed = elapsed,
            TimeToFirstEventP50Ms = PercentileMs(firstEvent, 0.50),
            TimeToFirstEventP99Ms = PercentileMs(firstEvent, 0.99),
            AddedLatencyP50Ms = PercentileMs(latency, 0.50),
            AddedLatencyP99Ms = PercentileMs(latency, 0.99),
        };
    }

    private static double? PercentileMs(long[] sortedTicks, double percentile) =>
        sortedTicks.Length == 0 ? null
            : (double)sortedTicks[Math.Min(sortedTicks.Length - 1, (int)Math.Ceiling(percentile * sortedTicks.Length) - 1)] / TicksPerMillisecond;

    private sealed class RunOutcome
    {
        public int Events { get; set; }
        public long TimeToFirstEventTicks { get; set; }
        public List<long> AddedLatencyTicks { get; } = [];
        public string? Failure { get; set; }
    }

    private readonly record struct ReceivedEvent(string Type, string? Delta, string? Violation);
}

/// <summary>What one load run measured.</summary>
public sealed record LoadResult
{
    public required int Runs { get; init; }
    public required int FailedRuns { get; init; }
    public required IReadOnlyList<string> FailureSamples { get; init; }
    public required long Events { get; init; }

    /// <summary>TEXT_MESSAGE_CONTENT tokens that carried the scripted model's emit time.</summary>
    public required long StampedTokens { get; init; }

    public required TimeSpan Elapsed { get; init; }
    public double EventsPerSecond => Events / Elapsed.TotalSeconds;
    public double? TimeToFirstEventP50Ms { get; init; }
    public double? TimeToFirstEventP99Ms { get; init; }
    public double? AddedLatencyP50Ms { get; init; }
    public double? AddedLatencyP99Ms { get; init; }
}
