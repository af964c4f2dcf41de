using System.Buffers.Text;
using System.Diagnostics;
using System.Globalization;

namespace AgUi.Bench.Load;

/// <summary>
/// The text of a scripted token: <c>t&lt;timestamp&gt; </c>, where the timestamp is
/// <see cref="Stopwatch.GetTimestamp"/> at the moment the scripted model emitted it. The model runs in
/// the load tool's process, so the client subtracts it from its own receive time on the same clock,
/// whatever server relayed the token in between.
/// </summary>
public static class TokenStamp
{
    public const byte Marker = (byte)'t';

    /// <summary>The longest token: the marker, a 20-digit timestamp and a space.</summary>
    public const int MaxLength = 22;

    /// <summary>Writes a token stamped with the current time into <paramref name="destination"/>; returns its length.</summary>
    public static int Write(Span<byte> destination)
    {
        destination[0] = Marker;
        Utf8Formatter.TryFormat(Stopwatch.GetTimestamp(), destination[1..], out var digits);
        destination[digits + 1] = (byte)' ';
        return digits + 2;
    }

    /// <summary>Calls <paramref name="onStamp"/> with the emit time of every stamped token in <paramref name="text"/>.</summary>
    public static int ForEach(ReadOnlySpan<char> text, Action<long> onStamp)
    {
        ArgumentNullException.ThrowIfNull(onStamp);
        var count = 0;
        while (true)
        {
            var marker = text.IndexOf((char)Marker);
            if (marker < 0)
            {
                return count;
            }

            text = text[(marker + 1)..];
            var end = text.IndexOfAnyExceptInRange('0', '9');
            var digits = end < 0 ? text : text[..end];
            if (digits.Length > 0 && long.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var stamp))
            {
                onStamp(stamp);
                count++;
            }

            text = text[digits.Length..];
        }
    }
}
