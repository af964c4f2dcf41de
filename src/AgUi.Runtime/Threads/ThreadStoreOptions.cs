using AgUi.Runtime.Hosting;

namespace AgUi.Runtime.Threads;

/// <summary>Settings of thread persistence, bound from <c>AgUi:Threads</c>; in Azure the store uses the identity-based <c>ThreadStorage</c> connection.</summary>
[AzureSetting("ThreadStorage:tableServiceUri")]
[AzureSetting("ThreadStorage:clientId")]
[AzureSetting("ThreadStorage:credential")]
public sealed class ThreadStoreOptions
{
    public const string SectionName = "AgUi:Threads";

    /// <summary>The name of the connection setting: a connection string, or <c>ThreadStorage:tableServiceUri</c> (+ <c>clientId</c>, <c>credential</c>).</summary>
    public const string ConnectionName = "ThreadStorage";

    /// <summary>The table holding every thread (created when missing).</summary>
    [AzureSetting]
    public string TableName { get; set; } = "agthreads";

    /// <summary>How many of the latest messages the agent is given; the store keeps them all.</summary>
    public int MaxHistoryMessages { get; set; } = 200;

    /// <summary>How many per-run snapshots a thread keeps.</summary>
    public int SnapshotRetention { get; set; } = 20;

    /// <summary>How many times a commit that lost a race is reloaded, merged and retried before THREAD_CONFLICT.</summary>
    public int MaxConflictRetries { get; set; } = 5;
}
