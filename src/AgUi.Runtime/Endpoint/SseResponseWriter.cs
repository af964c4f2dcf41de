using AgUi.Protocol.Events;
using AgUi.Protocol.Sse;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace AgUi.Runtime.Endpoint;

/// <summary>
/// Writes one run's events to the response as SSE, flushing after each, and writes a heartbeat
/// comment whenever the stream has been silent for the configured interval.
/// </summary>
internal sealed class SseResponseWriter : IAsyncDisposable
{
    private readonly HttpResponse response;
    private readonly SemaphoreSlim writeLock = new(1, 1);
    private readonly TimeSpan heartbeatInterval;
    private readonly CancellationTokenSource heartbeatStop;
    private long lastWriteTicks;
    private Task heartbeatLoop = Task.CompletedTask;

    public SseResponseWriter(HttpResponse response, TimeSpan heartbeatInterval, CancellationToken requestAborted)
    {
        this.response = response;
        this.heartbeatInterval = heartbeatInterval;
        heartbeatStop = CancellationTokenSource.CreateLinkedTokenSource(requestAborted);
    }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var context = response.HttpContext;
        context.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();
        if (context.Features.Get<IHttpsCompressionFeature>() is { } compression)
        {
            compression.Mode = HttpsCompressionMode.DoNotCompress;
        }

        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = SseEventFramer.ContentType;
        response.Headers.CacheControl = "no-cache";
        response.Headers["X-Accel-Buffering"] = "no";
        await response.StartAsync(cancellationToken);

        Volatile.Write(ref lastWriteTicks, Environment.TickCount64);
        if (heartbeatInterval > TimeSpan.Zero)
        {
            heartbeatLoop = SendHeartbeatsAsync(heartbeatStop.Token);
        }
    }

    public async ValueTask WriteAsync(BaseEvent agUiEvent, CancellationToken cancellationToken)
    {
        await writeLock.WaitAsync(cancellationToken);
        try
        {
            SseEventFramer.WriteEvent(response.BodyWriter, agUiEvent);
            await response.BodyWriter.FlushAsync(cancellationToken);
            Volatile.Write(ref lastWriteTicks, Environment.TickCount64);
        }
        finally
        {
            writeLock.Release();
        }
    }

    private async Task SendHeartbeatsAsync(CancellationToken cancellationToken)
    {
        var intervalMs = (long)heartbeatInterval.TotalMilliseconds;
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(Math.Max(10, intervalMs / 4)));
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken))
            {
                if (Environment.TickCount64 - Volatile.Read(ref lastWriteTicks) < intervalMs)
                {
                    continue;
                }

                await writeLock.WaitAsync(cancellationToken);
                try
                {
                    SseEventFramer.WriteHeartbeat(response.BodyWriter);
                    await response.BodyWriter.FlushAsync(cancellationToken);
                    Volatile.Write(ref lastWriteTicks, Environment.TickCount64);
                }
                finally
                {
                    writeLock.Release();
                }
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException)
        {
            // The run ended or the client left: no more heartbeats are wanted.
        }
    }

    public async ValueTask DisposeAsync()
    {
        await heartbeatStop.CancelAsync();
        await heartbeatLoop;
        heartbeatStop.Dispose();
        writeLock.Dispose();
    }
}
