using System.Buffers;
using System.Text;
using System.Text.Json;
using AgUi.Protocol.Events;
using AgUi.Protocol.Sse;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;

namespace AgUi.Bench.Protocol;

/// <summary>
/// One event serialized and framed as SSE per operation, into a buffer writer that is reused the way
/// a response's PipeWriter reuses its segments: Op/s is events per second, Allocated is bytes per event.
/// </summary>
[MemoryDiagnoser]
[Config(typeof(EventsPerSecondConfig))]
public class SseFramingBenchmarks
{
    private readonly ArrayBufferWriter<byte> output = new(64 * 1024);

    private readonly TextMessageContentEvent textDelta = new()
    {
        MessageId = "msg_5f1c0d2ab3e84f4c9a6e7d1b2c3d4e5f",
        Delta = " the quick",
    };

    private readonly ToolCallArgsEvent toolCallArgsDelta = new()
    {
        ToolCallId = "call_Xy7Qm2LrT9bNc4Vd8Ke3Hs1P",
        Delta = "{\"timeZone\": \"Europe/",
    };

    private readonly StateSnapshotEvent stateSnapshot = new() { Snapshot = CreateState(10 * 1024) };

    [Benchmark]
    public int TextMessageContent() => Frame(textDelta);

    [Benchmark]
    public int ToolCallArgs() => Frame(toolCallArgsDelta);

    [Benchmark]
    public int StateSnapshot10KiB() => Frame(stateSnapshot);

    private int Frame(BaseEvent agUiEvent)
    {
        output.ResetWrittenCount();
        SseEventFramer.WriteEvent(output, agUiEvent);
        return output.WrittenCount;
    }

    /// <summary>A shared-state document of about <paramref name="bytes"/> bytes: a list of to-do items with mixed value types.</summary>
    private static JsonElement CreateState(int bytes)
    {
        var json = new StringBuilder("{\"title\":\"Trip planner\",\"items\":[");
        for (var i = 0; json.Length < bytes - 2; i++)
        {
            if (i > 0)
            {
                json.Append(',');
            }

            json.Append("{\"id\":").Append(i)
                .Append(",\"text\":\"Book the train to stop ").Append(i).Append(" and confirm the seats\"")
                .Append(",\"done\":").Append(i % 3 == 0 ? "true" : "false")
                .Append(",\"cost\":").Append(12.5 + i).Append('}');
        }

        json.Append("]}");
        using var document = JsonDocument.Parse(json.ToString());
        return document.RootElement.Clone();
    }
}

/// <summary>Adds the Op/s column, which for these benchmarks reads as events per second.</summary>
public class EventsPerSecondConfig : ManualConfig
{
    public EventsPerSecondConfig() => AddColumn(StatisticColumn.OperationsPerSecond);
}
