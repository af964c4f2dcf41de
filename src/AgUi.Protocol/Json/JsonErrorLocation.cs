using System.Text.Json;
using System.Text.RegularExpressions;

namespace AgUi.Protocol.Json;

/// <summary>Names the JSON field a deserialization error is about, as a JSONPath such as <c>$.messages[1].content[0]</c>.</summary>
public static partial class JsonErrorLocation
{
    /// <summary>
    /// The most precise field <paramref name="exception"/> points at: its path, extended by the relative path of
    /// an error raised inside a nested read (message content) and by the first missing required property.
    /// </summary>
    public static string FieldOf(JsonException exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        var path = exception.Path ?? "$";
        Exception? current = exception;
        while (current is JsonException { InnerException: JsonException inner } && inner.Path is { } innerPath)
        {
            path += innerPath.TrimStart('$');
            current = inner;
        }

        if (MissingRequiredProperty().Match(current!.Message) is { Success: true } missing)
        {
            path += "." + missing.Groups["name"].Value;
        }

        return path;
    }

    /// <summary>The serializer's message without the position details it appends (<c>Path: ... | LineNumber: ...</c>).</summary>
    public static string Describe(JsonException exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        var text = exception.Message;
        var cut = text.IndexOf(" Path:", StringComparison.Ordinal);
        return cut > 0 ? text[..cut] : text;
    }

    [GeneratedRegex("missing required properties including: '(?<name>[^']+)'", RegexOptions.CultureInvariant)]
    private static partial Regex MissingRequiredProperty();
}
