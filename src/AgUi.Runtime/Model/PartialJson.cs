using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace AgUi.Runtime.Model;

/// <summary>
/// Reads a JSON text that is still being written, as a model streams a tool call's arguments: it closes
/// the open string, arrays and objects, drops a trailing token that cannot be completed (a key without
/// its value, a half-written literal), and parses what remains. <c>{"document":"Once up</c> reads as
/// <c>{"document":"Once up"}</c>.
/// </summary>
internal static class PartialJson
{
    private const int MaxRepairs = 8;

    /// <summary>The value the prefix describes so far, or null when nothing of it can be read yet.</summary>
    public static JsonNode? Read(string prefix)
    {
        ArgumentNullException.ThrowIfNull(prefix);
        var candidate = prefix;
        for (var attempt = 0; attempt < MaxRepairs && candidate.Length > 0; attempt++)
        {
            var (closed, openString) = Close(candidate);
            try
            {
                return JsonNode.Parse(closed);
            }
            catch (JsonException)
            {
                candidate = TrimLastToken(candidate, openString);
            }
        }

        return null;
    }

    /// <summary>The prefix with its open string and containers closed; where the open string starts, if one is open.</summary>
    private static (string Closed, int OpenString) Close(string prefix)
    {
        var closers = new Stack<char>();
        var openString = -1;
        var escaped = false;
        for (var i = 0; i < prefix.Length; i++)
        {
            var c = prefix[i];
            if (openString >= 0)
            {
                if (escaped)
                {
                    escaped = false;
                }
                else if (c == '\\')
                {
                    escaped = true;
                }
                else if (c == '"')
                {
                    openString = -1;
                }

                continue;
            }

            switch (c)
            {
                case '"':
                    openString = i;
                    break;
                case '{':
                    closers.Push('}');
                    break;
                case '[':
                    closers.Push(']');
                    break;
                case '}' or ']' when closers.Count > 0:
                    closers.Pop();
                    break;
            }
        }

        var text = new StringBuilder(prefix);
        if (openString >= 0)
        {
            DropIncompleteEscape(text, openString);
            text.Append('"');
        }

        foreach (var closer in closers)
        {
            text.Append(closer);
        }

        return (text.ToString(), openString);
    }

    /// <summary>A string cut inside an escape (<c>\</c> or <c>\u00</c>) loses the escape's start.</summary>
    private static void DropIncompleteEscape(StringBuilder text, int stringStart)
    {
        var backslash = -1;
        for (var i = stringStart + 1; i < text.Length; i++)
        {
            if (text[i] == '\\')
            {
                backslash = i;
                i++;
            }
        }

        if (backslash < 0)
        {
            return;
        }

        var escape = text.Length - backslash;
        var complete = escape >= 2 && (text[backslash + 1] != 'u' || escape >= 6);
        if (!complete)
        {
            text.Length = backslash;
        }
    }

    /// <summary>The prefix without its last token: an open string (a key still being written), a separator, or a half-written literal.</summary>
    private static string TrimLastToken(string prefix, int openString)
    {
        if (openString >= 0)
        {
            return prefix[..openString];
        }

        var end = prefix.TrimEnd();
        if (end.Length == 0)
        {
            return end;
        }

        var last = end[^1];
        if (last is ',' or ':')
        {
            var before = end[..^1].TrimEnd();
            return last == ':' && before.EndsWith('"') ? before[..StringStart(before)] : before;
        }

        if (last == '"')
        {
            return end[..StringStart(end)];
        }

        var cut = end.Length;
        while (cut > 0 && (char.IsAsciiLetterOrDigit(end[cut - 1]) || end[cut - 1] is '.' or '-' or '+'))
        {
            cut--;
        }

        return cut < end.Length ? end[..cut] : end[..^1];
    }

    /// <summary>Where the string that ends <paramref name="text"/> begins (its opening quote).</summary>
    private static int StringStart(string text)
    {
        for (var i = text.Length - 2; i >= 0; i--)
        {
            if (text[i] == '"')
            {
                var backslashes = 0;
                for (var j = i - 1; j >= 0 && text[j] == '\\'; j--)
                {
                    backslashes++;
                }

                if (backslashes % 2 == 0)
                {
                    return i;
                }
            }
        }

        return 0;
    }
}
