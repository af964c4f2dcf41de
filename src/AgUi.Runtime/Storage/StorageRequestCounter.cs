using Azure.Core;
using Azure.Core.Pipeline;

namespace AgUi.Runtime.Storage;

/// <summary>
/// Counts the HTTP requests (retries included) a piece of work sends through a Table client that has
/// <see cref="Policy"/> in its pipeline: <see cref="Start"/> begins a count that covers everything
/// awaited from the calling method on. The Azure SDK reports no per-operation request count.
/// </summary>
internal sealed class StorageRequestCounter
{
    private static readonly AsyncLocal<StorageRequestCounter?> Current = new();
    private int count;

    public int Count => Volatile.Read(ref count);

    /// <summary>Starts a count for the calling async flow; call it at the top of the method whose requests it counts.</summary>
    public static StorageRequestCounter Start()
    {
        var counter = new StorageRequestCounter();
        Current.Value = counter;
        return counter;
    }

    /// <summary>Added per retry, so every attempt that goes on the wire is counted.</summary>
    internal sealed class Policy : HttpPipelineSynchronousPolicy
    {
        public override void OnSendingRequest(HttpMessage message)
        {
            if (Current.Value is { } counter)
            {
                Interlocked.Increment(ref counter.count);
            }
        }
    }
}
