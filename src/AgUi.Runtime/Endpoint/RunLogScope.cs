using System.Collections;
using System.Diagnostics;

namespace AgUi.Runtime.Endpoint;

/// <summary>
/// What every log line of a run carries: agent, thread and run ids, and the trace id when there is an activity.
/// One small object per run, read only by a logger that writes the line (a dictionary was built for every run,
/// logged or not).
/// </summary>
internal sealed class RunLogScope(string agent, string threadId, string runId, ActivityTraceId? traceId)
    : IReadOnlyList<KeyValuePair<string, object?>>
{
    public int Count => traceId is null ? 3 : 4;

    public KeyValuePair<string, object?> this[int index] => index switch
    {
        0 => new("agent", agent),
        1 => new("threadId", threadId),
        2 => new("runId", runId),
        3 when traceId is { } id => new("traceId", id.ToHexString()),
        _ => throw new ArgumentOutOfRangeException(nameof(index)),
    };

    public IEnumerator<KeyValuePair<string, object?>> GetEnumerator()
    {
        for (var i = 0; i < Count; i++)
        {
            yield return this[i];
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    public override string ToString() => traceId is { } id
        ? $"agent:{agent} threadId:{threadId} runId:{runId} traceId:{id.ToHexString()}"
        : $"agent:{agent} threadId:{threadId} runId:{runId}";
}
