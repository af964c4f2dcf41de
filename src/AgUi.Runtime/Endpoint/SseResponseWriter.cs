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
    private readonly CancellationToken requestAborted;
    private PeriodicTimer? heartbeatTimer;
    private long lastWriteTicks;
    private Task heartbeatLoop = Task.CompletedTask;

    public SseResponseWriter(HttpResponse response, TimeSpan heartbeatInterval, CancellationToken requestAborted)
    {
        this.response = response;
        this.heartbeatInterval = heartbeatInterval;
        this.requestAborted = requestAborted;
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
            var intervalMs = (long)heartbeatInterval.TotalMilliseconds;
            heartbeatTimer = new PeriodicTimer(TimeSpan.FromMilliseconds(Math.Max(10, intervalMs / 4)));
            heartbeatLoop = SendHeartbeatsAsync(heartbeatTimer, intervalMs);
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

    /// <summary>
    /// Ends when the timer is disposed (the run ended: its pending tick completes with false, no exception is thrown)
    /// or when the client is gone.
    /// </summary>
    private async Task SendHeartbeatsAsync(PeriodicTimer timer, long intervalMs)
    {
        try
        {
            while (await timer.WaitForNextTickAsync(CancellationToken.None))
            {
                if (Environment.TickCount64 - Volatile.Read(ref lastWriteTicks) < intervalMs)
                {
                    continue;
                }

                await writeLock.WaitAsync(requestAborted);
                try
                {
                    SseEventFramer.WriteHeartbeat(response.BodyWriter);
                    await response.BodyWriter.FlushAsync(requestAborted);
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
            // The client left: no more heartbeats are wanted.
        }
    }

    public async ValueTask DisposeAsync()
    {
        heartbeatTimer?.Dispose();
        await heartbeatLoop;
        writeLock.Dispose();
    }
}
