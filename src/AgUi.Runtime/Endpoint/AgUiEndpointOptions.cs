namespace AgUi.Runtime.Endpoint;

/// <summary>Settings of the run endpoint, bound from the <c>AgUi</c> configuration section.</summary>
public sealed class AgUiEndpointOptions
{
    public const string SectionName = "AgUi";

    /// <summary>Requests with a larger body are refused with 413 before anything is parsed.</summary>
    public long MaxRequestBodyBytes { get; set; } = 4 * 1024 * 1024;

    /// <summary>
    /// Read a refused body (over <see cref="MaxRequestBodyBytes"/>) to its end before answering 413, and leave bounding
    /// the body size to the proxy in front. For a host behind a proxy that bounds request bodies itself and must
    /// forward the whole body before its client can read the answer, as the Azure Functions host does (the Functions
    /// app sets this). Otherwise at most 1 MiB more is read, for at most 2 s, so no client can stream unbounded bytes at
    /// the server.
    /// </summary>
    public bool ReadRefusedBodyToEnd { get; set; }

    /// <summary>A <c>: ping</c> comment is written after this much silence, so proxies keep the stream open.</summary>
    public TimeSpan HeartbeatInterval { get; set; } = TimeSpan.FromSeconds(15);
}
