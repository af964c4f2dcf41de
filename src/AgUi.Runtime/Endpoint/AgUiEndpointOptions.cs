namespace AgUi.Runtime.Endpoint;

/// <summary>Settings of the run endpoint, bound from the <c>AgUi</c> configuration section.</summary>
public sealed class AgUiEndpointOptions
{
    public const string SectionName = "AgUi";

    /// <summary>Requests with a larger body are refused with 413 before anything is parsed.</summary>
    public long MaxRequestBodyBytes { get; set; } = 4 * 1024 * 1024;

    /// <summary>A <c>: ping</c> comment is written after this much silence, so proxies keep the stream open.</summary>
    public TimeSpan HeartbeatInterval { get; set; } = TimeSpan.FromSeconds(15);
}
