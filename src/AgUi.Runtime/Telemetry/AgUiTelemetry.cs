using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace AgUi.Runtime.Telemetry;

/// <summary>
/// The runtime's <see cref="ActivitySource"/> and <see cref="Meter"/>, both named <see cref="SourceName"/>. Spans
/// and metrics follow the OpenTelemetry semantic conventions for generative AI (1.41, status Development), plus
/// <c>agui.*</c> names for what those conventions do not cover (runs, open streams, thread-store conflicts).
/// Every instrument is recorded only while a listener is attached: with no exporter configured, nothing is built.
/// </summary>
public static class AgUiTelemetry
{
    /// <summary>The name of the runtime's ActivitySource and Meter, for <c>AddSource</c> and <c>AddMeter</c>.</summary>
    public const string SourceName = "AgUi.Runtime";

    /// <summary>
    /// The ActivitySource and Meter of the configured model's <c>IChatClient</c> (Microsoft.Extensions.AI's
    /// OpenTelemetry client), which agents of your own call: their <c>chat</c> and <c>execute_tool</c> spans and
    /// GenAI metrics. A name of its own, since its instruments share their names with the runtime's.
    /// </summary>
    public const string ChatClientSourceName = "AgUi.Runtime.ChatClient";

    internal static readonly ActivitySource Source = new(SourceName, typeof(AgUiTelemetry).Assembly.GetName().Version?.ToString());

    internal static readonly Meter Meter = new(SourceName, typeof(AgUiTelemetry).Assembly.GetName().Version?.ToString());

    private static readonly double[] GenAiSecondsBuckets = [0.01, 0.02, 0.04, 0.08, 0.16, 0.32, 0.64, 1.28, 2.56, 5.12, 10.24, 20.48, 40.96, 81.92];

    internal static readonly Histogram<long> TokenUsage = Meter.CreateHistogram(
        "gen_ai.client.token.usage", "{token}", "Number of input and output tokens used.", tags: null,
        new InstrumentAdvice<long> { HistogramBucketBoundaries = [1, 4, 16, 64, 256, 1024, 4096, 16384, 65536, 262144, 1048576, 4194304, 16777216, 67108864] });

    internal static readonly Histogram<double> OperationDuration = Meter.CreateHistogram(
        "gen_ai.client.operation.duration", "s", "GenAI operation duration.", tags: null,
        new InstrumentAdvice<double> { HistogramBucketBoundaries = GenAiSecondsBuckets });

    internal static readonly Histogram<double> TimeToFirstChunk = Meter.CreateHistogram(
        "gen_ai.client.operation.time_to_first_chunk", "s",
        "Time from issuing a streaming model request to receiving the first chunk of its response.", tags: null,
        new InstrumentAdvice<double> { HistogramBucketBoundaries = GenAiSecondsBuckets });

    internal static readonly Counter<long> Runs = Meter.CreateCounter<long>(
        "agui.runs", "{run}", "Runs served, by agent, outcome and RUN_ERROR code.");

    internal static readonly Histogram<double> RunDuration = Meter.CreateHistogram(
        "agui.run.duration", "s", "How long a run's stream was open, from the request to its last event.", tags: null,
        new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.1, 0.25, 0.5, 1, 2.5, 5, 10, 20, 40, 80, 160, 320, 640, 1280] });

    internal static readonly UpDownCounter<long> ActiveStreams = Meter.CreateUpDownCounter<long>(
        "agui.server.active_streams", "{stream}", "Run streams open right now.");

    internal static readonly Counter<long> ThreadConflicts = Meter.CreateCounter<long>(
        "agui.thread.conflicts", "{conflict}", "Thread commits that lost to a concurrent run's commit.");

    /// <summary>Seconds from <paramref name="startTimestamp"/> (a <see cref="Stopwatch"/> timestamp) to now.</summary>
    internal static double SecondsSince(long startTimestamp) => Stopwatch.GetElapsedTime(startTimestamp).TotalSeconds;

    /// <summary>Counts a commit conflict of <paramref name="agentName"/>'s thread; <paramref name="retried"/> is false when the run gave up.</summary>
    internal static void RecordThreadConflict(string agentName, bool retried)
    {
        if (ThreadConflicts.Enabled)
        {
            ThreadConflicts.Add(1,
                new KeyValuePair<string, object?>(TelemetryAttributes.AgentName, agentName),
                new KeyValuePair<string, object?>(TelemetryAttributes.ConflictResolution, retried ? "retried" : "gave_up"));
        }
    }
}
