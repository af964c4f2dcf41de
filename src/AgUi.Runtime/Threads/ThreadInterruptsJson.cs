using System.Text.Json;
using AgUi.Protocol.Json;

namespace AgUi.Runtime.Threads;

/// <summary>How the stores keep <see cref="ThreadInterrupts"/>: <c>{"pending":[interrupts as on the wire],"answered":[ids]}</c>.</summary>
internal static class ThreadInterruptsJson
{
    public static byte[] Write(ThreadInterrupts interrupts)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WritePropertyName("pending");
            JsonSerializer.Serialize(writer, interrupts.Pending, AgUiJsonContext.Default.IReadOnlyListInterrupt);
            writer.WritePropertyName("answered");
            JsonSerializer.Serialize(writer, interrupts.Answered, AgUiJsonContext.Default.IReadOnlyListString);
            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    public static ThreadInterrupts Read(ReadOnlySpan<byte> json)
    {
        using var document = JsonDocument.Parse(json.ToArray());
        var root = document.RootElement;
        return new ThreadInterrupts(
            root.GetProperty("pending").Deserialize(AgUiJsonContext.Default.IReadOnlyListInterrupt) ?? [],
            root.GetProperty("answered").Deserialize(AgUiJsonContext.Default.IReadOnlyListString) ?? []);
    }
}
