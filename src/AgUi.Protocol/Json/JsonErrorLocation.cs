using System.Text.Json;
using System.Text.RegularExpressions;
using AgUi.Protocol.Messages;

namespace AgUi.Protocol.Json;

/// <summary>Where a request body failed to read and why, for a client to fix it.</summary>
/// <param name="Field">The JSONPath of the offending field, such as <c>$.messages[1].content[0]</c>.</param>
/// <param name="Detail">One sentence, without the parser's position details or .NET type names.</param>
public sealed record JsonError(string Field, string Detail);

/// <summary>Turns a deserialization failure of the wire model into a <see cref="JsonError"/>.</summary>
public static partial class JsonErrorLocation
{
    /// <summary>
    /// The error <paramref name="exception"/> describes when it is a failure to read wire JSON: a
    /// <see cref="JsonException"/>, or the <see cref="NotSupportedException"/> the serializer throws for an object
    /// without its <c>role</c>/<c>type</c> discriminator. Null for any other exception.
    /// </summary>
    public static JsonError? Locate(Exception exception)
    {
        if (PathOf(exception) is not { } path)
        {
            return null;
        }

        // A nested read (message content) reports a path relative to its own start: append it.
        var innermost = exception;
        while (innermost.InnerException is { } inner && PathOf(inner) is { } innerPath)
        {
            path += innerPath.TrimStart('$');
            innermost = inner;
        }

        var text = innermost.Message;
        if (MissingRequiredProperty().Match(text) is { Success: true } missing)
        {
            return Missing(path, missing.Groups["name"].Value);
        }

        if (MissingDiscriminator().Match(text) is { Success: true } polymorphic)
        {
            return Missing(path, polymorphic.Groups["type"].Value == typeof(Message).FullName ? "role" : "type");
        }

        if (UnknownDiscriminator().Match(text) is { Success: true } unknown)
        {
            return new(path, $"'{unknown.Groups["id"].Value}' is not a role or type this protocol defines.");
        }

        if (text.StartsWith("The JSON value could not be converted to ", StringComparison.Ordinal))
        {
            return new(path, "The value has the wrong JSON type or is not one of the allowed values.");
        }

        var cut = text.IndexOf(" Path:", StringComparison.Ordinal);
        return new(path, cut > 0 ? text[..cut] : text);
    }

    private static JsonError Missing(string path, string name) => new($"{path}.{name}", $"The required field '{name}' is missing.");

    private static string? PathOf(Exception exception) => exception switch
    {
        JsonException json => json.Path ?? "$",
        NotSupportedException when PathInMessage().Match(exception.Message) is { Success: true } match => match.Groups["path"].Value,
        _ => null,
    };

    [GeneratedRegex("missing required properties including: '(?<name>[^']+)'", RegexOptions.CultureInvariant)]
    private static partial Regex MissingRequiredProperty();

    [GeneratedRegex("polymorphic interface or abstract type '(?<type>[^']+)' must specify a type discriminator", RegexOptions.CultureInvariant)]
    private static partial Regex MissingDiscriminator();

    [GeneratedRegex("unrecognized type discriminator id '(?<id>[^']*)'", RegexOptions.CultureInvariant)]
    private static partial Regex UnknownDiscriminator();

    [GeneratedRegex(@" Path: (?<path>\$\S*) \|", RegexOptions.CultureInvariant)]
    private static partial Regex PathInMessage();
}
