using System.Text;
using Azure.Core;
using Azure.Core.Pipeline;

namespace AgUi.Runtime.Tests.Storage;

/// <summary>Counts every request a client sends (retries included).</summary>
public sealed class CountingPolicy : HttpPipelineSynchronousPolicy
{
    private int count;

    public int Count => Volatile.Read(ref count);

    public override void OnSendingRequest(HttpMessage message) => Interlocked.Increment(ref count);
}

/// <summary>
/// Lets the first <see cref="AllowedBatches"/> entity group transactions through and fails every later
/// one before it reaches the service, as a storage outage in the middle of a commit would.
/// </summary>
public sealed class FailingBatchPolicy : HttpPipelinePolicy
{
    private int batches;

    public int AllowedBatches { get; set; } = int.MaxValue;

    public int BatchesSent => Volatile.Read(ref batches);

    public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline) =>
        throw new NotSupportedException("The table client is asynchronous only.");

    public override ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
    {
        if (message.Request.Uri.Path.EndsWith("/$batch", StringComparison.Ordinal) && Interlocked.Increment(ref batches) > AllowedBatches)
        {
            throw new IOException("Simulated storage outage.");
        }

        return ProcessNextAsync(message, pipeline);
    }
}

/// <summary>Records how many actions each entity group transaction sent carries (one embedded request per action).</summary>
public sealed class BatchSizePolicy : HttpPipelineSynchronousPolicy
{
    private readonly List<int> actions = [];

    public IReadOnlyList<int> Actions
    {
        get
        {
            lock (actions)
            {
                return [.. actions];
            }
        }
    }

    public override void OnSendingRequest(HttpMessage message)
    {
        if (!message.Request.Uri.Path.EndsWith("/$batch", StringComparison.Ordinal) || message.Request.Content is null)
        {
            return;
        }

        using var body = new MemoryStream();
        message.Request.Content.WriteTo(body, message.CancellationToken);
        var text = Encoding.UTF8.GetString(body.ToArray());
        var count = text.Split("Content-Type: application/http").Length - 1;
        lock (actions)
        {
            actions.Add(count);
        }
    }
}
