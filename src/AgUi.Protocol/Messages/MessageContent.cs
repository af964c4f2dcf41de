using System.Text.Json;
using System.Text.Json.Serialization;
using AgUi.Protocol.Json;

namespace AgUi.Protocol.Messages;

/// <summary>
/// The content of a user or tool message: a plain string or a list of parts.
/// It keeps whichever form it was given, so it is written back the same way.
/// </summary>
[JsonConverter(typeof(MessageContentConverter))]
public sealed record MessageContent
{
    private MessageContent(string? text, IReadOnlyList<ContentPart>? parts)
    {
        Text = text;
        Parts = parts;
    }

    /// <summary>The content when it was a plain string; null when it is a list of parts.</summary>
    public string? Text { get; }

    /// <summary>The content when it was a list of parts; null when it is a plain string.</summary>
    public IReadOnlyList<ContentPart>? Parts { get; }

    public static MessageContent FromText(string text) => new(text ?? throw new ArgumentNullException(nameof(text)), null);

    public static MessageContent FromParts(IReadOnlyList<ContentPart> parts) => new(null, parts ?? throw new ArgumentNullException(nameof(parts)));

    public static implicit operator MessageContent(string text) => FromText(text);

    /// <summary>The text of the content: the string itself, or the text parts joined by newlines.</summary>
    public string ToPlainText() =>
        Text ?? string.Join('\n', Parts!.OfType<TextPart>().Select(p => p.Text));

    public bool Equals(MessageContent? other) =>
        other is not null && Text == other.Text &&
        (Parts is null ? other.Parts is null : other.Parts is not null && Parts.SequenceEqual(other.Parts));

    public override int GetHashCode() => Text?.GetHashCode(StringComparison.Ordinal) ?? Parts!.Count;
}

internal sealed class MessageContentConverter : JsonConverter<MessageContent>
{
    public override MessageContent Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.TokenType switch
        {
            JsonTokenType.String => MessageContent.FromText(reader.GetString()!),
            JsonTokenType.StartArray => MessageContent.FromParts(ReadParts(ref reader)),
            _ => throw new JsonException("content must be a string or an array of content parts."),
        };

    private static IReadOnlyList<ContentPart> ReadParts(ref Utf8JsonReader reader)
    {
        try
        {
            return JsonSerializer.Deserialize(ref reader, AgUiJsonContext.Default.IReadOnlyListContentPart)!;
        }
        catch (Exception inner) when (JsonErrorLocation.Locate(inner) is { } error)
        {
            // The nested read reports a path relative to the array ("$[0]"); an exception without a path gets
            // the outer reader's path ("$.messages[1].content"), and JsonErrorLocation joins the two.
            throw new JsonException(error.Detail, inner);
        }
    }

    public override void Write(Utf8JsonWriter writer, MessageContent value, JsonSerializerOptions options)
    {
        if (value.Text is not null)
        {
            writer.WriteStringValue(value.Text);
        }
        else
        {
            JsonSerializer.Serialize(writer, value.Parts!, AgUiJsonContext.Default.IReadOnlyListContentPart);
        }
    }
}
