using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using AgUi.Protocol.Json;

namespace AgUi.Runtime.Threads;

/// <summary>
/// Threads kept in this process only: lost on restart and not shared between instances. The default
/// when no <c>ThreadStorage</c> connection is configured. Keeps the serialized form, so stored threads
/// never share objects with callers.
/// </summary>
public sealed class InMemoryThreadStore : IThreadStore
{
    private readonly ConcurrentDictionary<string, Entry> threads = new(StringComparer.Ordinal);

    public Task<StoredThread> LoadAsync(string threadId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(threadId);
        if (!threads.TryGetValue(threadId, out var entry))
        {
            return Task.FromResult(new StoredThread { ThreadId = threadId, Messages = [] });
        }

        return Task.FromResult(new StoredThread
        {
            ThreadId = threadId,
            Messages = [.. entry.Messages.Select(m => JsonSerializer.Deserialize(m, AgUiJsonContext.Default.Message)!)],
            State = entry.State is null ? default : JsonSerializer.Deserialize(entry.State, AgUiJsonContext.Default.JsonElement),
            Interrupts = ThreadInterruptsJson.Read(entry.Interrupts),
            Version = entry.Version.ToString(CultureInfo.InvariantCulture),
        });
    }

    public Task<ThreadCommitResult> CommitAsync(StoredThread basis, ThreadCommit commit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(basis);
        ArgumentNullException.ThrowIfNull(commit);
        var next = new Entry(
            basis.Version is null ? 1 : long.Parse(basis.Version, CultureInfo.InvariantCulture) + 1,
            [.. commit.Messages.Select(m => JsonSerializer.SerializeToUtf8Bytes(m, AgUiJsonContext.Default.Message))],
            commit.State.ValueKind == JsonValueKind.Undefined ? null : JsonSerializer.SerializeToUtf8Bytes(commit.State, AgUiJsonContext.Default.JsonElement),
            ThreadInterruptsJson.Write(commit.Interrupts));

        var stored = basis.Version is null
            ? threads.TryAdd(basis.ThreadId, next)
            : threads.TryGetValue(basis.ThreadId, out var current) && current.Version == next.Version - 1 &&
              threads.TryUpdate(basis.ThreadId, next, current);
        if (!stored)
        {
            throw new ThreadConflictException();
        }

        return Task.FromResult(new ThreadCommitResult(0));
    }

    private sealed record Entry(long Version, IReadOnlyList<byte[]> Messages, byte[]? State, byte[] Interrupts);
}
