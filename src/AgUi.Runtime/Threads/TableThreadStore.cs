using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using AgUi.Protocol.Json;
using AgUi.Protocol.Messages;
using AgUi.Runtime.Storage;
using Azure;
using Azure.Data.Tables;
using Microsoft.Extensions.Options;

namespace AgUi.Runtime.Threads;

/// <summary>
/// Threads in Azure Table Storage, one partition per thread (the partition key is the base64url
/// SHA-256 of the threadId, so any id works). Rows: <c>meta</c> (threadId, committed message count,
/// latest state, the ETag every commit is conditional on), <c>m{sequence}</c> per message, <c>r{run}</c>
/// per run (runId, time, usage, the state when it fits one row), and overflow rows for values over one
/// row. A commit that fits one entity group transaction (100 operations, 4 MiB) is atomic; a larger
/// one writes its rows in several transactions, each conditional on the meta row's ETag, and raises
/// the committed message count and state only in the last, so readers never see half of it.
/// The table is created by <see cref="EnsureTableAsync"/> when the host starts; a load creates it only
/// when that did not succeed.
/// </summary>
public sealed class TableThreadStore : IThreadStore, IDisposable
{
    internal const string MetaRowKey = "meta";
    private const string MessagePrefix = "Json";
    private const string StatePrefix = "State";
    private const int MaxLoadAttempts = 3;

    private readonly TableClient client;
    private readonly ThreadStoreOptions options;
    private readonly SemaphoreSlim tableCreation = new(1, 1);
    private volatile bool tableExists;

    public TableThreadStore(TableClient client, IOptions<ThreadStoreOptions> options)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(options);
        this.client = client;
        this.options = options.Value;
    }

    /// <summary>The partition of a thread: base64url of the SHA-256 of its UTF-8 id (43 characters, none of them forbidden in keys).</summary>
    public static string PartitionKeyFor(string threadId) =>
        Base64Url.EncodeToString(SHA256.HashData(Encoding.UTF8.GetBytes(threadId)));

    public async Task<StoredThread> LoadAsync(string threadId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(threadId);
        var requests = StorageRequestCounter.Start();
        await EnsureTableAsync(cancellationToken).ConfigureAwait(false);
        var partitionKey = PartitionKeyFor(threadId);
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {partitionKey}");
        for (var attempt = 1; ; attempt++)
        {
            var rows = new Dictionary<string, TableEntity>(StringComparer.Ordinal);
            await foreach (var row in client.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken).ConfigureAwait(false))
            {
                rows[row.RowKey] = row;
            }

            // A partition read over several pages is not a snapshot: a commit between pages can
            // replace rows the meta row read earlier points at. Read again then.
            if (TryAssemble(threadId, partitionKey, rows) is { } thread)
            {
                return new StoredThread
                {
                    ThreadId = thread.ThreadId,
                    Messages = thread.Messages,
                    State = thread.State,
                    Version = thread.Version,
                    StoreData = thread.StoreData,
                    StorageRequests = requests.Count,
                };
            }

            if (attempt == MaxLoadAttempts)
            {
                throw new InvalidDataException("The stored thread stayed inconsistent over several reads: rows its meta row points at are missing.");
            }
        }
    }

    public async Task<ThreadCommitResult> CommitAsync(StoredThread basis, ThreadCommit commit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(basis);
        ArgumentNullException.ThrowIfNull(commit);
        var layout = basis.StoreData as TableLayout ?? throw new ArgumentException("The basis was not loaded by this store.", nameof(basis));
        if (commit.Messages.Count < layout.MessageJson.Count)
        {
            throw new ArgumentException("A commit keeps every stored message.", nameof(commit));
        }

        var requests = StorageRequestCounter.Start();
        var partitionKey = layout.PartitionKey;
        var generation = layout.Commit + 1;
        var runNumber = layout.RunCount + 1;
        var writes = new List<TableEntity>();
        var obsolete = new List<string>(layout.Orphans);

        for (var i = 0; i < commit.Messages.Count; i++)
        {
            var json = JsonSerializer.SerializeToUtf8Bytes(commit.Messages[i], AgUiJsonContext.Default.Message);
            if (i < layout.MessageJson.Count)
            {
                if (json.AsSpan().SequenceEqual(layout.MessageJson[i]))
                {
                    continue;
                }

                obsolete.AddRange(layout.MessageOverflow[i]);
            }

            var owner = new TableEntity(partitionKey, MessageRowKey(i));
            writes.AddRange(ChunkedValue.Write(owner, MessagePrefix, json, generation));
            writes.Add(owner);
        }

        var meta = new TableEntity(partitionKey, MetaRowKey)
        {
            ["ThreadId"] = basis.ThreadId,
            ["MessageCount"] = commit.Messages.Count,
            ["Commit"] = generation,
            ["RunCount"] = runNumber,
            ["UpdatedAt"] = commit.Run.FinishedAt,
        };
        var state = commit.State.ValueKind == JsonValueKind.Undefined ? null : JsonSerializer.SerializeToUtf8Bytes(commit.State, AgUiJsonContext.Default.JsonElement);
        if (layout.Meta is not null && SameBytes(state, layout.StateJson))
        {
            ChunkedValue.CopyValue(layout.Meta, meta, StatePrefix);
        }
        else
        {
            obsolete.AddRange(layout.StateOverflow);
            if (state is not null)
            {
                writes.AddRange(ChunkedValue.Write(meta, StatePrefix, state, generation));
            }
        }

        writes.Add(CreateRunRow(partitionKey, runNumber, commit, state));
        var retained = Math.Max(options.SnapshotRetention, 1) - 1;
        obsolete.AddRange(layout.RunRows.Take(Math.Max(layout.RunRows.Count - retained, 0)));

        var written = writes.Select(w => w.RowKey).ToHashSet(StringComparer.Ordinal);
        await WriteAsync(partitionKey, layout.Meta, meta, writes, [.. obsolete.Distinct(StringComparer.Ordinal).Where(k => !written.Contains(k))], cancellationToken)
            .ConfigureAwait(false);
        return new ThreadCommitResult(requests.Count);
    }

    /// <summary>
    /// Writes the rows, then the meta row. Every transaction carries a meta-row operation conditional
    /// on the ETag the previous one produced, so a concurrent commit makes the rest of this one fail
    /// instead of interleaving; rows written before such a failure stay beyond the committed count,
    /// invisible, and are overwritten or deleted by a later commit.
    /// </summary>
    private async Task WriteAsync(string partitionKey, TableEntity? basisMeta, TableEntity meta, List<TableEntity> writes, List<string> deletes, CancellationToken cancellationToken)
    {
        var metaBytes = EntityGroupTransaction.EstimateBytes(meta);
        var batches = new List<List<TableEntity>> { new() };
        var batchBytes = metaBytes;
        foreach (var row in writes)
        {
            var rowBytes = EntityGroupTransaction.EstimateBytes(row);
            if (batches[^1].Count + 2 > EntityGroupTransaction.MaxActions || batchBytes + rowBytes > EntityGroupTransaction.MaxBodyBytes)
            {
                batches.Add([]);
                batchBytes = metaBytes;
            }

            batches[^1].Add(row);
            batchBytes += rowBytes;
        }

        var etag = basisMeta?.ETag;
        for (var b = 0; b < batches.Count; b++)
        {
            var final = b == batches.Count - 1;
            var metaAction = (final, etag) switch
            {
                (true, null) => new TableTransactionAction(TableTransactionActionType.Add, meta),
                (true, { } current) => new TableTransactionAction(TableTransactionActionType.UpdateReplace, meta, current),
                (false, null) => new TableTransactionAction(TableTransactionActionType.Add, new TableEntity(partitionKey, MetaRowKey)
                {
                    ["ThreadId"] = meta["ThreadId"], ["MessageCount"] = 0, ["Commit"] = 0, ["RunCount"] = 0,
                }),
                (false, { } current) => new TableTransactionAction(TableTransactionActionType.UpdateMerge,
                    new TableEntity(partitionKey, MetaRowKey) { ["PendingCommit"] = meta["Commit"] }, current),
            };

            List<TableTransactionAction> actions = [metaAction, .. batches[b].Select(r => new TableTransactionAction(TableTransactionActionType.UpsertReplace, r))];
            if (final)
            {
                // Superseded rows go in the last transaction (the committed meta row still needs them
                // until then), as many as fit; the rest are found again as orphans by a later load.
                actions.AddRange(deletes.Take(EntityGroupTransaction.MaxActions - actions.Count)
                    .Select(key => new TableTransactionAction(TableTransactionActionType.Delete, new TableEntity(partitionKey, key), ETag.All)));
            }

            try
            {
                var response = await client.SubmitTransactionAsync(actions, cancellationToken).ConfigureAwait(false);
                etag = response.Value[0].Headers.ETag is { } tag && tag != default ? tag
                    : final ? null : throw new InvalidOperationException("The Table service returned no ETag for the meta row.");
            }
            catch (TableTransactionFailedException ex) when (ex.Status is 404 or 409 or 412)
            {
                throw new ThreadConflictException(ex);
            }
        }
    }

    private static TableEntity CreateRunRow(string partitionKey, int runNumber, ThreadCommit commit, byte[]? state)
    {
        var row = new TableEntity(partitionKey, RunRowKey(runNumber))
        {
            ["RunId"] = commit.Run.RunId,
            ["FinishedAt"] = commit.Run.FinishedAt,
            ["Completed"] = commit.Run.Completed,
            ["MessageCount"] = commit.Messages.Count,
        };
        if (commit.Run.Usage is { Count: > 0 } usage)
        {
            row["Usage"] = JsonSerializer.Serialize(usage, AgUiJsonContext.Default.IReadOnlyListTokenUsage);
        }

        if (state is { Length: <= ChunkedValue.OwnerRowCapacity })
        {
            ChunkedValue.Write(row, StatePrefix, state, 0);
        }
        else if (state is not null)
        {
            // A run row holds the state only when it fits on that one row; larger states live in meta alone.
            row["StateOmittedBytes"] = state.Length;
        }

        return row;
    }

    private static StoredThread? TryAssemble(string threadId, string partitionKey, Dictionary<string, TableEntity> rows)
    {
        if (!rows.TryGetValue(MetaRowKey, out var meta))
        {
            return new StoredThread
            {
                ThreadId = threadId,
                Messages = [],
                StoreData = new TableLayout(partitionKey, null, [], [], null, [], [], [.. rows.Keys], 0, 0),
            };
        }

        if (!string.Equals(meta.GetString("ThreadId"), threadId, StringComparison.Ordinal))
        {
            throw new InvalidDataException("The thread's partition holds another thread id.");
        }

        var referenced = new HashSet<string>(StringComparer.Ordinal) { MetaRowKey };
        if (!ChunkedValue.TryRead(meta, StatePrefix, rows, out var state))
        {
            return null;
        }

        var stateOverflow = ChunkedValue.OverflowRowKeys(meta, StatePrefix).ToList();
        referenced.UnionWith(stateOverflow);

        var count = meta.GetInt32("MessageCount") ?? 0;
        var messages = new List<Message>(count);
        var messageJson = new List<byte[]>(count);
        var messageOverflow = new List<IReadOnlyList<string>>(count);
        for (var i = 0; i < count; i++)
        {
            if (!rows.TryGetValue(MessageRowKey(i), out var row) || !ChunkedValue.TryRead(row, MessagePrefix, rows, out var json) || json is null)
            {
                return null;
            }

            messages.Add(JsonSerializer.Deserialize(json, AgUiJsonContext.Default.Message)
                ?? throw new InvalidDataException("A stored message is JSON null."));
            messageJson.Add(json);
            var overflow = ChunkedValue.OverflowRowKeys(row, MessagePrefix).ToList();
            messageOverflow.Add(overflow);
            referenced.Add(row.RowKey);
            referenced.UnionWith(overflow);
        }

        var runRows = rows.Keys.Where(IsRunRowKey).Order(StringComparer.Ordinal).ToList();
        referenced.UnionWith(runRows);
        var layout = new TableLayout(partitionKey, meta, messageJson, messageOverflow, state, stateOverflow, runRows,
            [.. rows.Keys.Where(k => !referenced.Contains(k))], meta.GetInt32("Commit") ?? 0, meta.GetInt32("RunCount") ?? 0);
        return new StoredThread
        {
            ThreadId = threadId,
            Messages = messages,
            State = state is null ? default : JsonSerializer.Deserialize(state, AgUiJsonContext.Default.JsonElement),
            Version = meta.ETag.ToString(),
            StoreData = layout,
        };
    }

    /// <summary>Creates the table unless this store already did (a table that exists is success).</summary>
    public async Task EnsureTableAsync(CancellationToken cancellationToken)
    {
        if (tableExists)
        {
            return;
        }

        await tableCreation.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (!tableExists)
            {
                await client.CreateIfNotExistsAsync(cancellationToken).ConfigureAwait(false);
                tableExists = true;
            }
        }
        finally
        {
            tableCreation.Release();
        }
    }

    public void Dispose() => tableCreation.Dispose();

    private static bool SameBytes(byte[]? a, byte[]? b) => a is null ? b is null : b is not null && a.AsSpan().SequenceEqual(b);

    private static string MessageRowKey(int sequence) => $"m{sequence:D10}";

    private static string RunRowKey(int runNumber) => $"r{runNumber:D10}";

    private static bool IsRunRowKey(string key) => key.Length == 11 && key[0] == 'r' && key.AsSpan(1).IndexOfAnyExceptInRange('0', '9') < 0;
}

/// <summary>What a load saw of a thread's rows, so the next commit writes only what changed and cleans up what it supersedes.</summary>
internal sealed record TableLayout(
    string PartitionKey,
    TableEntity? Meta,
    IReadOnlyList<byte[]> MessageJson,
    IReadOnlyList<IReadOnlyList<string>> MessageOverflow,
    byte[]? StateJson,
    IReadOnlyList<string> StateOverflow,
    IReadOnlyList<string> RunRows,
    IReadOnlyList<string> Orphans,
    int Commit,
    int RunCount);
