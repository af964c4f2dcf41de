using System.Text;
using AgUi.Protocol.Input;
using AgUi.Protocol.Messages;
using Microsoft.Extensions.Logging;
using OpenAI.Chat;
using AgUiToolCall = AgUi.Protocol.Messages.ToolCall;

namespace AgUi.Runtime.Model;

/// <summary>
/// Turns a run's input into the chat messages the model gets: the configured system prompt with the
/// input's context entries first, then the conversation. The conversation is repaired where the chat
/// API would refuse it: every assistant tool call is followed by its result (a placeholder when the
/// history has none), and results of calls the history does not contain are left out.
/// </summary>
internal static partial class ChatInputMapper
{
    public const string MissingToolResult = "No result: the tool call was not completed.";

    public static List<ChatMessage> Map(RunAgentInput input, string? systemPrompt, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(input);
        var messages = new List<ChatMessage>();
        if (ComposeSystemPrompt(systemPrompt, input.Context) is { } system)
        {
            messages.Add(ChatMessage.CreateSystemMessage(system));
        }

        var results = input.Messages.OfType<ToolMessage>()
            .GroupBy(m => m.ToolCallId, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        var answered = new HashSet<string>(StringComparer.Ordinal);
        foreach (var message in input.Messages)
        {
            switch (message)
            {
                case SystemMessage m:
                    messages.Add(ChatMessage.CreateSystemMessage(m.Content));
                    break;
                case DeveloperMessage m:
#pragma warning disable OPENAI001 // The developer role is marked experimental in OpenAI 2.x; AG-UI has it, so it is passed on.
                    messages.Add(ChatMessage.CreateDeveloperMessage(m.Content));
#pragma warning restore OPENAI001
                    break;
                case UserMessage m:
                    messages.Add(MapUser(m, logger));
                    break;
                case AssistantMessage { ToolCalls.Count: > 0 } m:
                    messages.Add(MapAssistantToolCalls(m.Content, m.ToolCalls));
                    foreach (var call in m.ToolCalls.Where(c => answered.Add(c.Id)))
                    {
                        messages.Add(ChatMessage.CreateToolMessage(call.Id,
                            results.TryGetValue(call.Id, out var result) ? ToolResultText(result) : MissingToolResult));
                    }

                    break;
                case AssistantMessage m when !string.IsNullOrEmpty(m.Content):
                    messages.Add(ChatMessage.CreateAssistantMessage(m.Content));
                    break;
                case ToolMessage m when !answered.Contains(m.ToolCallId):
                    LogSkipped(logger, m.Id, "a tool result whose tool call is not in the history");
                    break;
                case ToolMessage or AssistantMessage:
                    break;
                default:
                    LogSkipped(logger, message.Id, $"a {message.Role} message");
                    break;
            }
        }

        return messages;
    }

    private static string? ComposeSystemPrompt(string? systemPrompt, IReadOnlyList<Context> context)
    {
        var text = new StringBuilder(systemPrompt?.Trim());
        if (context.Count > 0)
        {
            if (text.Length > 0)
            {
                text.Append("\n\n");
            }

            text.Append("Context provided by the application:");
            foreach (var entry in context)
            {
                text.Append("\n- ").Append(entry.Description.Trim()).Append(": ").Append(entry.Value);
            }
        }

        return text.Length == 0 ? null : text.ToString();
    }

    private static AssistantChatMessage MapAssistantToolCalls(string? content, IReadOnlyList<AgUiToolCall> toolCalls)
    {
        var message = new AssistantChatMessage(toolCalls.Select(c =>
            ChatToolCall.CreateFunctionToolCall(c.Id, c.Function.Name, BinaryData.FromString(c.Function.Arguments))));
        if (!string.IsNullOrEmpty(content))
        {
            message.Content.Add(ChatMessageContentPart.CreateTextPart(content));
        }

        return message;
    }

    private static string ToolResultText(ToolMessage message)
    {
        var content = message.Content.ToPlainText();
        return string.IsNullOrEmpty(message.Error) ? content
            : string.IsNullOrEmpty(content) ? $"Error: {message.Error}"
            : $"{content}\nError: {message.Error}";
    }

    private static UserChatMessage MapUser(UserMessage message, ILogger logger)
    {
        if (message.Content.Parts is not { } parts)
        {
            return ChatMessage.CreateUserMessage(message.Content.Text ?? string.Empty);
        }

        var mapped = new List<ChatMessageContentPart>(parts.Count);
        foreach (var part in parts)
        {
            var chatPart = MapPart(part);
            if (part is not TextPart && chatPart.Kind == ChatMessageContentPartKind.Text)
            {
                LogPlaceholder(logger, message.Id, part.GetType().Name);
            }

            mapped.Add(chatPart);
        }

        return ChatMessage.CreateUserMessage(mapped);
    }

    /// <summary>Text and images go to the model as they are; anything else becomes a short note saying what was left out.</summary>
    private static ChatMessageContentPart MapPart(ContentPart part) => part switch
    {
        TextPart t => ChatMessageContentPart.CreateTextPart(t.Text),
        ImagePart { Source: UrlSource url } => ImageFromUrl(url.Value),
        ImagePart { Source: DataSource data } => ImageFromBase64(data.Value, data.MimeType),
        BinaryPart { Url: { } url } b when IsImage(b.MimeType) => ImageFromUrl(url),
        BinaryPart { Data: { } data } b when IsImage(b.MimeType) => ImageFromBase64(data, b.MimeType),
        ImagePart => Placeholder("an image stored as a provider file"),
        AudioPart => Placeholder("an audio clip"),
        VideoPart => Placeholder("a video"),
        DocumentPart => Placeholder("a document"),
        BinaryPart b => Placeholder($"a file of type {b.MimeType}"),
        _ => Placeholder("an attachment"),
    };

    private static ChatMessageContentPart ImageFromUrl(string url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) ? ChatMessageContentPart.CreateImagePart(uri) : Placeholder("an image with an invalid URL");

    private static ChatMessageContentPart ImageFromBase64(string base64, string mimeType)
    {
        var bytes = new byte[base64.Length * 3 / 4 + 3];
        return Convert.TryFromBase64String(base64, bytes, out var length)
            ? ChatMessageContentPart.CreateImagePart(BinaryData.FromBytes(bytes.AsMemory(0, length)), mimeType)
            : Placeholder("an image whose data is not valid base64");
    }

    private static bool IsImage(string mimeType) => mimeType.StartsWith("image/", StringComparison.OrdinalIgnoreCase);

    private static ChatMessageContentPart Placeholder(string what) =>
        ChatMessageContentPart.CreateTextPart($"[The user attached {what}, which this agent cannot pass to the model.]");

    [LoggerMessage(Level = LogLevel.Debug, Message = "Message {MessageId}: left out {What}.")]
    private static partial void LogSkipped(ILogger logger, string messageId, string what);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Message {MessageId}: a {PartType} was replaced by a text note for the model.")]
    private static partial void LogPlaceholder(ILogger logger, string messageId, string partType);
}
