using System.Net;

namespace AgUi.Testing;

/// <summary>JSON content of unknown length, so the client sends it chunked with no Content-Length, 256 bytes at a time.</summary>
public sealed class ChunkedJsonContent : HttpContent
{
    private readonly byte[] body;

    public ChunkedJsonContent(byte[] body)
    {
        this.body = body;
        Headers.ContentType = new("application/json");
    }

    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
    {
        foreach (var piece in body.Chunk(256))
        {
            await stream.WriteAsync(piece);
            await stream.FlushAsync();
        }
    }

    protected override bool TryComputeLength(out long length)
    {
        length = 0;
        return false;
    }
}
