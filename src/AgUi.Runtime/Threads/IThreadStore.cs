using System.Text.Json;
using AgUi.Protocol.Events;
using AgUi.Protocol.Messages;

namespace AgUi.Runtime.Threads;

/// <summary>
/// Durable conversation threads keyed by threadId: the ordered message history and the latest shared
/// state. Commits are conditional on the version that was loaded, so concurrent runs never overwrite
/// each other silently.
/// </summary>
public interface IThreadStore
{
    /// <summary>Loads a thread; a thread never stored loads empty with a null <see cref="StoredThread.Version"/>.</summary>
    Task<StoredThread> LoadAsync(string threadId, CancellationToken cancellationToken);

    /// <summary>
    /// Stores <paramref name="commit"/> as the thread's new content, provided the thread is still at
    /// <paramref name="basis"/>'s version. The committed messages must keep <paramref name="basis"/>'s
    /// messages in order at their positions; new ones follow.
    /// </summary>
    /// <exception cref="ThreadConflictException">Another commit got there first; reload and merge.</exception>
    Task<ThreadCommitResult> CommitAsync(StoredThread basis, ThreadCommit commit, CancellationToken cancellationToken);
}

/// <summary>A thread as loaded.</summary>
public sealed class StoredThread
{
    public required string ThreadId { get; init; }

    public required IReadOnlyList<Message> Messages { get; init; }

    /// <summary>The latest state; <see cref="JsonValueKind.Undefined"/> when none was ever stored.</summary>
    public JsonElement State { get; init; }

    /// <summary>The interrupts waiting for an answer, and the ones answered lately.</summary>
    public ThreadInterrupts Interrupts { get; init; } = ThreadInterrupts.None;

    /// <summary>The store's concurrency token for this content; null for a thread never stored.</summary>
    public string? Version { get; init; }

    /// <summary>How many storage requests the load took (0 for stores without requests).</summary>
    public int StorageRequests { get; init; }

    /// <summary>What the store remembers about the stored layout, for the next commit.</summary>
    internal object? StoreData { get; init; }
}

/// <summary>A thread's new content, and the run that produced it.</summary>
public sealed record ThreadCommit(IReadOnlyList<Message> Messages, JsonElement State, ThreadRunRecord Run)
{
    public ThreadInterrupts Interrupts { get; init; } = ThreadInterrupts.None;
}

/// <summary>
/// A thread's interrupts: those its last run ended with, still waiting for an answer (<c>resume</c>), and the
/// ids answered (or cancelled) lately, so a second answer to one is refused.
/// </summary>
public sealed record ThreadInterrupts(IReadOnlyList<Interrupt> Pending, IReadOnlyList<string> Answered)
{
    public static readonly ThreadInterrupts None = new([], []);

    public bool IsEmpty => Pending.Count == 0 && Answered.Count == 0;
}

/// <summary>One run's entry in the thread's run snapshots.</summary>
public sealed record ThreadRunRecord(string RunId, DateTimeOffset FinishedAt, bool Completed, IReadOnlyList<TokenUsage>? Usage);

public sealed record ThreadCommitResult(int StorageRequests);

/// <summary>The thread changed since it was loaded.</summary>
public sealed class ThreadConflictException(Exception? innerException = null)
    : Exception("The thread changed since it was loaded.", innerException);
