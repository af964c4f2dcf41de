using System.Text;
using System.Text.Json;
using OpenAI.Chat;

namespace AgUi.Runtime.Telemetry;

/// <summary>
/// Messages in the shape of the GenAI conventions' <c>gen_ai.input.messages</c> and <c>gen_ai.output.messages</c>
/// (a JSON string on the span): <c>[{"role", "parts": [{"type": "text", "content"} | {"type": "tool_call", "id",
/// "name", "arguments"} | {"type": "tool_call_response", "id", "response"}]}]</c>. Written only when content
/// recording is on.
/// </summary>
internal static class GenAiMessagesJson
{
    public static string Input(IReadOnlyList<ChatMessage> conversation) => Write(writer =>
    {
        writer.WriteStartArray();
        foreach (var message in conversation)
        {
            WriteMessage(writer, message, finishReason: null);
        }

        writer.WriteEndArray();
    });

    public static string Output(ChatMessage message, string? finishReason) => Write(writer =>
    {
        writer.WriteStartArray();
        WriteMessage(writer, message, finishReason);
        writer.WriteEndArray();
    });

    /// <summary>A tool call's arguments as the conventions want them: the JSON object when they are one, else the text.</summary>
    private static void WriteArguments(Utf8JsonWriter writer, string propertyName, string arguments)
    {
        try
        {
            using var parsed = JsonDocument.Parse(arguments);
            writer.WritePropertyName(propertyName);
            parsed.RootElement.WriteTo(writer);
        }
        catch (JsonException)
        {
            writer.WriteString(propertyName, arguments);
        }
    }

    private static string Write(Action<Utf8JsonWriter> write)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            write(writer);
        }

        return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    private static void WriteMessage(Utf8JsonWriter writer, ChatMessage message, string? finishReason)
    {
        writer.WriteStartObject();
        // The only other kind the runtime sends is the developer message: system instructions, in the conventions' roles.
        writer.WriteString("role", message switch
        {
            UserChatMessage => "user",
            AssistantChatMessage => "assistant",
            ToolChatMessage => "tool",
            _ => "system",
        });
        writer.WriteStartArray("parts");
        if (message is ToolChatMessage tool)
        {
            writer.WriteStartObject();
            writer.WriteString("type", "tool_call_response");
            writer.WriteString("id", tool.ToolCallId);
            writer.WriteString("response", Text(tool.Content));
            writer.WriteEndObject();
        }
        else
        {
            foreach (var part in message.Content)
            {
                writer.WriteStartObject();
                if (part.Kind == ChatMessageContentPartKind.Text)
                {
                    writer.WriteString("type", "text");
                    writer.WriteString("content", part.Text);
                }
                else
                {
                    // Images, audio and files are named, not copied into the span.
                    writer.WriteString("type", part.Kind.ToString());
                }

                writer.WriteEndObject();
            }

            if (message is AssistantChatMessage { ToolCalls: { Count: > 0 } calls })
            {
                foreach (var call in calls)
                {
                    writer.WriteStartObject();
                    writer.WriteString("type", "tool_call");
                    writer.WriteString("id", call.Id);
                    writer.WriteString("name", call.FunctionName);
                    WriteArguments(writer, "arguments", call.FunctionArguments.ToString());
                    writer.WriteEndObject();
                }
            }
        }

        writer.WriteEndArray();
        if (finishReason is not null)
        {
            writer.WriteString("finish_reason", finishReason);
        }

        writer.WriteEndObject();
    }

    private static string Text(ChatMessageContent content) =>
        string.Concat(content.Where(p => p.Kind == ChatMessageContentPartKind.Text).Select(p => p.Text));
}
