using AgUi.Protocol.Messages;
using AgUi.Runtime.Threads;

namespace AgUi.Testing;

/// <summary>
/// A real store with a rival run on the same thread: right before each commit of the run under test, the
/// rival appends a message <c>rival-N</c> and commits first, so that commit's basis is always stale and the
/// store itself refuses it.
/// </summary>
public sealed class RivalRunStore(IThreadStore store) : IThreadStore
{
    private int commitsAttempted;

    /// <summary>How many commits the run under test tried.</summary>
    public int CommitsAttempted => Volatile.Read(ref commitsAttempted);

    public Task<StoredThread> LoadAsync(string threadId, CancellationToken cancellationToken) => store.LoadAsync(threadId, cancellationToken);

    public async Task<ThreadCommitResult> CommitAsync(StoredThread basis, ThreadCommit commit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(basis);
        ArgumentNullException.ThrowIfNull(commit);
        var attempt = Interlocked.Increment(ref commitsAttempted);
        var current = await store.LoadAsync(basis.ThreadId, cancellationToken);
        Message rival = new UserMessage { Id = $"rival-{attempt}", Content = "rival" };
        await store.CommitAsync(current, new ThreadCommit([.. current.Messages, rival], current.State,
            new ThreadRunRecord($"rival-run-{attempt}", DateTimeOffset.UtcNow, true, null)), cancellationToken);
        return await store.CommitAsync(basis, commit, cancellationToken);
    }
}
