namespace AgUi.Functions.HostStandIn;

/// <summary>
/// Retries a forwarded request that failed before it reached the worker, as the host's forwarding client does
/// (RetryProxyHandler: 10 attempts, 50 ms doubling to 250 ms). The worker reports its HttpUri and loads its
/// functions over gRPC before its Kestrel listens, so the first request after start can find the port closed.
/// </summary>
public sealed class RetryProxyHandler(HttpMessageHandler inner) : DelegatingHandler(inner)
{
    private const int MaxAttempts = 10;
    private static readonly TimeSpan InitialDelay = TimeSpan.FromMilliseconds(50);
    private static readonly TimeSpan MaximumDelay = TimeSpan.FromMilliseconds(250);

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var delay = InitialDelay;
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await base.SendAsync(request, cancellationToken);
            }
            catch (HttpRequestException) when (attempt < MaxAttempts)
            {
                await Task.Delay(delay, cancellationToken);
                delay = delay * 2 < MaximumDelay ? delay * 2 : MaximumDelay;
            }
        }
    }
}
