using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using AgUi.Protocol.Events;
using AgUi.Protocol.Json;

namespace AgUi.Protocol.Sse;

/// <summary>
/// Frames AG-UI events as Server-Sent Events exactly as <c>@ag-ui/client</c> splits them:
/// <c>data: &lt;json&gt;\n\n</c> with LF only, and <c>: ping\n\n</c> comments as heartbeats.
/// The JSON is written straight into the caller's buffer (a response's PipeWriter), with no
/// intermediate string. Compact JSON never contains a raw line break, so one data line suffices.
/// </summary>
public static class SseEventFramer
{
    private static ReadOnlySpan<byte> DataPrefix => "data: "u8;
    private static ReadOnlySpan<byte> FrameEnd => "\n\n"u8;
    private static ReadOnlySpan<byte> Heartbeat => ": ping\n\n"u8;

    // An SSE body is never embedded in HTML, so only what JSON itself requires is escaped.
    private static readonly JsonWriterOptions WriterOptions = new()
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        SkipValidation = true,
    };

    // Each event is written through its own type's contract with "type" added as the first property:
    // the same JSON as the polymorphic BaseEvent contract, without the frame array System.Text.Json
    // allocates on every polymorphic write (312 B per event). SseEventFramerTests hold the two equal.
    private static readonly JsonSerializerOptions EventWriteOptions = new(AgUiJsonContext.Default.Options)
    {
        TypeInfoResolver = AgUiJsonContext.Default.WithAddedModifier(AddTypeDiscriminator),
    };

    [ThreadStatic]
    private static Utf8JsonWriter? cachedWriter;

    /// <summary>The media type of an AG-UI SSE stream.</summary>
    public const string ContentType = "text/event-stream";

    public static void WriteEvent(IBufferWriter<byte> output, BaseEvent agUiEvent)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(agUiEvent);

        output.Write(DataPrefix);
        var writer = cachedWriter ??= new Utf8JsonWriter(output, WriterOptions);
        writer.Reset(output);
        try
        {
            JsonSerializer.Serialize(writer, agUiEvent, EventWriteOptions.GetTypeInfo(agUiEvent.GetType()));
        }
        finally
        {
            // Let go of the caller's buffer; Reset(Stream.Null) would allocate a buffer writer per event.
            writer.Reset(DetachedOutput.Instance);
        }

        output.Write(FrameEnd);
    }

    public static void WriteHeartbeat(IBufferWriter<byte> output)
    {
        ArgumentNullException.ThrowIfNull(output);
        output.Write(Heartbeat);
    }

    private static void AddTypeDiscriminator(JsonTypeInfo typeInfo)
    {
        if (typeInfo.Kind != JsonTypeInfoKind.Object || !typeInfo.Type.IsSubclassOf(typeof(BaseEvent)))
        {
            return;
        }

        // BaseEvent.Type, [JsonIgnore]d in the shared contract, where the discriminator writes it.
        var discriminator = typeInfo.Properties.Single(p => p.Name == "type");
        discriminator.Get = agUiEvent => ((BaseEvent)agUiEvent).Type;
        discriminator.ShouldSerialize = null;
        discriminator.Order = int.MinValue;
    }

    /// <summary>Where the cached writer points between events; nothing is ever written to it.</summary>
    private sealed class DetachedOutput : IBufferWriter<byte>
    {
        public static readonly DetachedOutput Instance = new();

        public void Advance(int count) => throw Detached();

        public Memory<byte> GetMemory(int sizeHint = 0) => throw Detached();

        public Span<byte> GetSpan(int sizeHint = 0) => throw Detached();

        private static InvalidOperationException Detached() => new("The JSON writer is not attached to an output between events.");
    }
}
