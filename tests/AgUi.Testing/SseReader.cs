using System.Buffers;
using System.Text;
using System.Text.Json;
using AgUi.Protocol.Events;
using AgUi.Protocol.Json;

namespace AgUi.Testing;

/// <summary>
/// Reads an SSE response the way <c>@ag-ui/client</c> does (frames split on <c>\n\n</c>) and records what
/// it saw: the JSON of every <c>data:</c> frame and the text of every comment line. It is strict where the
/// client is fragile: a carriage return, an unknown field line or a frame cut off at the end fails the read.
/// </summary>
public sealed class SseReader(Stream stream)
{
    private static readonly TimeSpan DefaultReadTimeout = TimeSpan.FromSeconds(30);

    private readonly ArrayBufferWriter<byte> pending = new();
    private readonly List<JsonElement> data = [];
    private readonly List<string> comments = [];
    private bool ended;

    /// <summary>How long one read may wait for the next byte before it fails with <see cref="TimeoutException"/>.</summary>
    public TimeSpan ReadTimeout { get; init; } = DefaultReadTimeout;

    /// <summary>Called with each comment as it is read, while the reader goes on waiting for the next event.</summary>
    public Action<string>? CommentRead { get; init; }

    /// <summary>The JSON of each <c>data:</c> frame read so far, in order.</summary>
    public IReadOnlyList<JsonElement> Data => data;

    /// <summary>The text after the colon of each comment line read so far (<c>: ping</c> gives <c>ping</c>).</summary>
    public IReadOnlyList<string> Comments => comments;

    /// <summary><see cref="Data"/> as AG-UI events.</summary>
    public IReadOnlyList<BaseEvent> Events => [.. data.Select(ToEvent)];

    /// <summary>Reads the whole body of <paramref name="response"/>.</summary>
    public static async Task<SseReader> ReadToEndAsync(HttpResponseMessage response, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(response);
        var reader = new SseReader(await response.Content.ReadAsStreamAsync(cancellationToken));
        await reader.ReadToEndAsync(cancellationToken);
        return reader;
    }

    public static BaseEvent ToEvent(JsonElement json) =>
        json.Deserialize(AgUiJsonContext.Default.BaseEvent) ?? throw new InvalidDataException($"Not an AG-UI event: {json}");

    /// <summary>Reads frames until the next <c>data:</c> frame and returns its JSON, or null at the end of the stream.</summary>
    public async Task<JsonElement?> ReadDataAsync(CancellationToken cancellationToken = default)
    {
        while (await ReadFrameAsync(cancellationToken) is { } frame)
        {
            if (Parse(frame) is { } json)
            {
                return json;
            }
        }

        return null;
    }

    /// <summary>Reads the next <c>data:</c> frame as an AG-UI event, or null at the end of the stream.</summary>
    public async Task<BaseEvent?> ReadEventAsync(CancellationToken cancellationToken = default) =>
        await ReadDataAsync(cancellationToken) is { } json ? ToEvent(json) : null;

    public async Task ReadToEndAsync(CancellationToken cancellationToken = default)
    {
        while (await ReadDataAsync(cancellationToken) is not null)
        {
        }
    }

    private JsonElement? Parse(string frame)
    {
        var dataLines = new List<string>();
        foreach (var line in frame.Split('\n'))
        {
            if (line.StartsWith(':'))
            {
                var comment = line[1..].TrimStart();
                comments.Add(comment);
                CommentRead?.Invoke(comment);
            }
            else if (line.StartsWith("data:", StringComparison.Ordinal))
            {
                dataLines.Add(line["data:".Length..].TrimStart(' '));
            }
            else
            {
                throw new InvalidDataException($"Unexpected SSE line: '{line}'.");
            }
        }

        if (dataLines.Count == 0)
        {
            return null;
        }

        using var document = JsonDocument.Parse(string.Join('\n', dataLines));
        var json = document.RootElement.Clone();
        data.Add(json);
        return json;
    }

    private async Task<string?> ReadFrameAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            var end = pending.WrittenSpan.IndexOf("\n\n"u8);
            if (end >= 0)
            {
                var frame = Encoding.UTF8.GetString(pending.WrittenSpan[..end]);
                var rest = pending.WrittenSpan[(end + 2)..].ToArray();
                pending.ResetWrittenCount();
                pending.Write(rest);
                return frame.Contains('\r', StringComparison.Ordinal)
                    ? throw new InvalidDataException("The stream contains a carriage return; AG-UI clients split frames on LF only.")
                    : frame;
            }

            if (ended)
            {
                return pending.WrittenCount == 0
                    ? null
                    : throw new InvalidDataException($"The stream ended inside a frame: '{Encoding.UTF8.GetString(pending.WrittenSpan)}'.");
            }

            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(ReadTimeout);
            int read;
            try
            {
                read = await stream.ReadAsync(pending.GetMemory(8192), timeout.Token);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                throw new TimeoutException($"No SSE data arrived within {ReadTimeout}.");
            }

            pending.Advance(read);
            ended = read == 0;
        }
    }
}
