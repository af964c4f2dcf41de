using System.Buffers;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using AgUi.Protocol.Events;
using AgUi.Protocol.Json;
using AgUi.Protocol.Sse;
using AgUi.Protocol.Tests.Json;

namespace AgUi.Protocol.Tests.Sse;

public class SseEventFramerTests
{
    [Fact]
    public void Event_is_framed_as_one_data_line_and_a_blank_line()
    {
        var text = Frame(new TextMessageContentEvent { MessageId = "m1", Delta = "Hello" });

        Assert.Equal("data: {\"type\":\"TEXT_MESSAGE_CONTENT\",\"messageId\":\"m1\",\"delta\":\"Hello\"}\n\n", text);
    }

    [Fact]
    public void Line_breaks_in_strings_are_escaped_so_the_frame_has_no_cr_and_only_its_own_lf()
    {
        var delta = "line one\r\nline two\rthree\nfour";

        var text = Frame(new TextMessageContentEvent { MessageId = "m1", Delta = delta });

        Assert.DoesNotContain('\r', text);
        Assert.Equal(2, text.Count(c => c == '\n'));
        Assert.EndsWith("\n\n", text, StringComparison.Ordinal);
        Assert.Contains("line one\\r\\nline two\\rthree\\nfour", text, StringComparison.Ordinal);
        Assert.Equal(delta, ((TextMessageContentEvent)ReadData(text)).Delta);
    }

    public static TheoryData<string> EventNames => EventCases.Names;

    [Theory]
    [MemberData(nameof(EventNames))]
    public void Every_event_is_framed_as_exactly_the_json_of_the_wire_contract(string name)
    {
        var agUiEvent = EventCases.All[name].Event;

        var text = Frame(agUiEvent);

        Assert.Equal($"data: {SerializeThroughBaseEventContract(agUiEvent)}\n\n", text);
    }

    [Fact]
    public void Heartbeat_is_a_ping_comment()
    {
        var buffer = new ArrayBufferWriter<byte>();

        SseEventFramer.WriteHeartbeat(buffer);

        Assert.Equal(": ping\n\n"u8.ToArray(), buffer.WrittenSpan.ToArray());
    }

    [Theory]
    [InlineData("héllo wörld")]
    [InlineData("日本語のテキスト")]
    [InlineData("emoji 🎉👩‍💻 and quotes \" < > & '")]
    [InlineData("separators \u2028 and \u2029")]
    public void Non_ascii_text_round_trips(string delta)
    {
        var text = Frame(new TextMessageContentEvent { MessageId = "m1", Delta = delta });

        Assert.Equal(delta, ((TextMessageContentEvent)ReadData(text)).Delta);
        Assert.DoesNotContain('\r', text);
        Assert.Equal(2, text.Count(c => c == '\n'));
    }

    [Fact]
    public void Non_ascii_text_is_written_as_utf8_not_escaped()
    {
        var text = Frame(new TextMessageContentEvent { MessageId = "m1", Delta = "héllo 日本" });

        Assert.Contains("héllo 日本", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Consecutive_events_in_one_buffer_are_separate_frames()
    {
        var buffer = new ArrayBufferWriter<byte>();

        SseEventFramer.WriteEvent(buffer, new RunStartedEvent { ThreadId = "t", RunId = "r" });
        SseEventFramer.WriteHeartbeat(buffer);
        SseEventFramer.WriteEvent(buffer, new RunFinishedEvent { ThreadId = "t", RunId = "r" });

        var frames = Encoding.UTF8.GetString(buffer.WrittenSpan).Split("\n\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(3, frames.Length);
        Assert.IsType<RunStartedEvent>(ReadData(frames[0] + "\n\n"));
        Assert.Equal(": ping", frames[1]);
        Assert.IsType<RunFinishedEvent>(ReadData(frames[2] + "\n\n"));
    }

    private static string Frame(BaseEvent agUiEvent)
    {
        var buffer = new ArrayBufferWriter<byte>();
        SseEventFramer.WriteEvent(buffer, agUiEvent);
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    // The framer's escaping (it only escapes what JSON requires), through the polymorphic BaseEvent contract.
    private static string SerializeThroughBaseEventContract(BaseEvent agUiEvent)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            JsonSerializer.Serialize(writer, agUiEvent, AgUiJsonContext.Default.BaseEvent);
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private static BaseEvent ReadData(string frame)
    {
        Assert.StartsWith("data: ", frame, StringComparison.Ordinal);
        Assert.EndsWith("\n\n", frame, StringComparison.Ordinal);
        return JsonSerializer.Deserialize(frame["data: ".Length..^2], AgUiJsonContext.Default.BaseEvent)!;
    }
}
