using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Nodes;
using AgUi.Protocol.Events;
using AgUi.Protocol.Input;
using AgUi.Protocol.Json;
using AgUi.Protocol.Messages;
using AgUi.Runtime.Agents;
using AgUi.Runtime.Telemetry;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace AgUi.Runtime.Threads;

/// <summary>
/// Wraps the agent with thread persistence. At run start it loads the thread, merges the client's
/// messages into the stored history by id and picks the state (the client's when it sent a non-empty
/// one, else the stored one, announced by STATE_SNAPSHOT right after RUN_STARTED). A run that brings
/// no new user message or tool result is a sync run: it answers the stored thread without calling the
/// inner agent. Otherwise the inner agent runs on the merged history; its events are watched to
/// rebuild the new messages and state, which are committed before RUN_FINISHED is passed on. A run
/// that fails or is abandoned still commits what the user sent and the partial output, marked incomplete.
/// Threads are scoped to the agent: the same threadId under two agents is two threads.
/// </summary>
public sealed partial class ThreadPersistingAgent(
    IAgent inner,
    string agentName,
    IThreadStore store,
    IOptions<ThreadStoreOptions> options,
    ILogger<ThreadPersistingAgent> logger,
    TimeProvider timeProvider) : IAgent
{
    private static readonly JsonElement EmptyObject = JsonDocument.Parse("{}").RootElement.Clone();
    private static readonly TimeSpan FailurePersistenceTimeout = TimeSpan.FromSeconds(30);

    /// <summary>The agent this one persists threads for.</summary>
    internal IAgent Inner => inner;

    public async IAsyncEnumerable<BaseEvent> RunAsync(RunAgentInput input, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        var settings = options.Value;
        var storageId = ThreadStorageId.For(agentName, input.ThreadId);
        var loaded = await LoadAsync(storageId, cancellationToken).ConfigureAwait(false);
        var run = new RunContext(input, storageId, loaded);

        var storedIds = loaded.Messages.Select(m => m.Id).ToHashSet(StringComparer.Ordinal);
        var merged = MessageMerger.Merge(loaded.Messages, input.Messages);
        var state = input.HasState ? input.State : loaded.State;
        var announceStoredState = !input.HasState && loaded.State.ValueKind != JsonValueKind.Undefined;
        var resume = input.Resume ?? [];

        if (resume.Count > 0 && ThreadInterruptRules.CheckResume(resume, loaded.Interrupts, timeProvider.GetUtcNow()) is { } refusal)
        {
            LogResumeRefused(logger, refusal.Code);
            yield return new RunStartedEvent { ThreadId = input.ThreadId, RunId = input.RunId, ParentRunId = input.ParentRunId };
            yield return new RunErrorEvent { Code = refusal.Code, Message = refusal.Message };
            yield break;
        }

        // A person who writes a new message instead of answering has moved on: the pending interrupts are cancelled.
        if (resume.Count == 0 && loaded.Interrupts.Pending.Count > 0 && BringsNewUserMessage(input, storedIds))
        {
            resume = [.. loaded.Interrupts.Pending.Select(i => new ResumeEntry { InterruptId = i.Id, Status = ResumeStatus.Cancelled })];
        }

        run.Answering = [.. resume.Select(r => r.InterruptId)];
        if (!NeedsAgent(input, storedIds, merged))
        {
            yield return new RunStartedEvent { ThreadId = input.ThreadId, RunId = input.RunId, ParentRunId = input.ParentRunId };
            yield return new StateSnapshotEvent { Snapshot = state.ValueKind == JsonValueKind.Undefined ? EmptyObject : state };
            yield return new MessagesSnapshotEvent { Messages = merged };
            if (HasChanges(loaded, merged, input))
            {
                await PersistAsync(run, new RunRecorder(StateJson.ToNode(state)), completed: true, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                LogStorageRequests(logger, run.StorageRequests);
            }

            // The interrupts still waiting are announced again, so a client that reloaded can answer them.
            yield return new RunFinishedEvent
            {
                ThreadId = input.ThreadId,
                RunId = input.RunId,
                Outcome = loaded.Interrupts.Pending.Count > 0 ? new RunFinishedInterruptOutcome { Interrupts = loaded.Interrupts.Pending } : null,
            };
            yield break;
        }

        var innerInput = input with
        {
            Messages = MessageMerger.Window(merged, settings.MaxHistoryMessages),
            State = state,
            Resume = resume.Count > 0 ? resume : null,
        };
        var innerEvents = inner.RunAsync(innerInput, cancellationToken);
        var recorder = new RunRecorder(StateJson.ToNode(state), innerEvents as IRunMessageTexts);

        var settled = false;
        try
        {
            await foreach (var agUiEvent in innerEvents.WithCancellation(cancellationToken).ConfigureAwait(false))
            {
                recorder.Observe(agUiEvent);
                switch (agUiEvent)
                {
                    case RunFinishedEvent:
                        settled = true;
                        await PersistAsync(run, recorder, completed: true, cancellationToken).ConfigureAwait(false);
                        yield return agUiEvent;
                        yield break;
                    case RunErrorEvent:
                        settled = true;
                        await PersistAfterFailureAsync(run, recorder).ConfigureAwait(false);
                        yield return agUiEvent;
                        yield break;
                    case RunStartedEvent when announceStoredState:
                        yield return agUiEvent;
                        yield return new StateSnapshotEvent { Snapshot = state };
                        break;
                    default:
                        yield return agUiEvent;
                        break;
                }
            }
        }
        finally
        {
            // The inner agent threw, stopped early, or the client went away (the stream was abandoned
            // at a yield): keep what the user sent and what was produced so far.
            if (!settled)
            {
                await PersistAfterFailureAsync(run, recorder).ConfigureAwait(false);
            }
        }
    }

    /// <summary>
    /// The model is needed when the client brought a user message or tool result the thread does not
    /// have yet, or answers to interrupts (resume), or when the thread ends with one still unanswered
    /// (a retry after a failed run).
    /// </summary>
    private static bool NeedsAgent(RunAgentInput input, HashSet<string> storedIds, List<Message> merged) =>
        input.Resume is { Count: > 0 } ||
        input.Messages.Any(m => m is UserMessage or ToolMessage && !storedIds.Contains(m.Id)) ||
        merged.LastOrDefault() is UserMessage or ToolMessage;

    private static bool BringsNewUserMessage(RunAgentInput input, HashSet<string> storedIds) =>
        input.Messages.Any(m => m is UserMessage && !storedIds.Contains(m.Id));

    private static bool HasChanges(StoredThread loaded, List<Message> merged, RunAgentInput input) =>
        merged.Count != loaded.Messages.Count ||
        (input.HasState && (loaded.State.ValueKind == JsonValueKind.Undefined || !JsonElement.DeepEquals(input.State, loaded.State))) ||
        merged.Where((m, i) => !ReferenceEquals(m, loaded.Messages[i]) && !SameJson(m, loaded.Messages[i])).Any();

    private async Task<StoredThread> LoadAsync(string threadId, CancellationToken cancellationToken)
    {
        try
        {
            return await store.LoadAsync(threadId, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            throw StoreUnavailable(ex);
        }
    }

    private async Task PersistAfterFailureAsync(RunContext run, RunRecorder recorder)
    {
        // The run's own token may be cancelled already (client gone); the thread must be saved anyway.
        using var timeout = new CancellationTokenSource(FailurePersistenceTimeout, timeProvider);
        try
        {
            await PersistAsync(run, recorder, completed: false, timeout.Token).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            // Never hide the run's own failure behind a storage one.
            LogIncompletePersistenceFailed(logger, ex);
        }
    }

    /// <summary>
    /// Commits the run: the stored thread merged with everything this run contributes (the client's
    /// messages, then the run's own). On a conflict it reloads and merges onto the newer thread; the
    /// state is this run's patches replayed onto the newer state when the run only patched, otherwise
    /// this run's state (last writer wins).
    /// </summary>
    private async Task PersistAsync(RunContext run, RunRecorder recorder, bool completed, CancellationToken cancellationToken)
    {
        var contributed = run.Input.Messages.Concat(recorder.BuildMessages(completed)).ToList();
        var record = new ThreadRunRecord(run.Input.RunId, timeProvider.GetUtcNow(), completed, recorder.Usage);
        var basis = run.Loaded;
        for (var attempt = 0; ; attempt++)
        {
            var commit = new ThreadCommit(MessageMerger.Merge(basis.Messages, contributed), ResolveState(run, recorder, basis), record)
            {
                Interrupts = ResolveInterrupts(run, recorder, basis, completed),
            };
            try
            {
                var result = await store.CommitAsync(basis, commit, cancellationToken).ConfigureAwait(false);
                run.StorageRequests += result.StorageRequests;
                LogStorageRequests(logger, run.StorageRequests);
                return;
            }
            catch (ThreadConflictException) when (attempt < options.Value.MaxConflictRetries)
            {
                AgUiTelemetry.RecordThreadConflict(agentName, retried: true);
                LogConflict(logger, attempt + 1);
                await Task.Delay(ConflictBackoff(attempt), timeProvider, cancellationToken).ConfigureAwait(false);
                basis = await LoadAsync(run.StorageId, cancellationToken).ConfigureAwait(false);
                run.StorageRequests += basis.StorageRequests;
            }
            catch (ThreadConflictException ex)
            {
                AgUiTelemetry.RecordThreadConflict(agentName, retried: false);
                throw new AgentRunException(RunErrorCodes.ThreadConflict,
                    "The conversation was changed by other runs at the same time, and this run's changes could not be saved. Try again.", ex);
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                throw StoreUnavailable(ex);
            }
        }
    }

    private static JsonElement ResolveState(RunContext run, RunRecorder recorder, StoredThread basis)
    {
        if (run.Input.HasState || recorder.StateReplaced)
        {
            return StateJson.ToElement(recorder.State);
        }

        if (recorder.Patches.Count == 0)
        {
            return basis.State;
        }

        try
        {
            return StateJson.ToElement(JsonPatch.Apply(StateJson.ToNode(basis.State) ?? new JsonObject(), recorder.Patches));
        }
        catch (JsonPatchException)
        {
            return StateJson.ToElement(recorder.State);
        }
    }

    /// <summary>
    /// The interrupts the commit keeps: a completed run has answered everything its resume answered and
    /// leaves what it ended with; a failed one has answered only the calls it already ran (and reported),
    /// so the rest can be answered again.
    /// </summary>
    private static ThreadInterrupts ResolveInterrupts(RunContext run, RunRecorder recorder, StoredThread basis, bool completed)
    {
        var answered = completed ? run.Answering
            : [.. basis.Interrupts.Pending.Where(i => run.Answering.Contains(i.Id) && i.ToolCallId is { } call && recorder.AnsweredToolCalls.Contains(call)).Select(i => i.Id)];
        return ThreadInterruptRules.AfterRun(basis.Interrupts, answered, completed ? recorder.Interrupts : []);
    }

    private static TimeSpan ConflictBackoff(int attempt) =>
        TimeSpan.FromMilliseconds(Random.Shared.Next(5, 25) * (attempt + 1));

    private static bool SameJson(Message a, Message b) =>
        JsonSerializer.SerializeToUtf8Bytes(a, AgUiJsonContext.Default.Message)
            .AsSpan().SequenceEqual(JsonSerializer.SerializeToUtf8Bytes(b, AgUiJsonContext.Default.Message));

    /// <summary>The failure the endpoint logs, once, with its code; it is not logged here as well.</summary>
    private static AgentRunException StoreUnavailable(Exception ex) =>
        new(RunErrorCodes.ThreadStoreUnavailable, "The conversation store is unavailable, so the conversation could not be loaded or saved. Try again shortly.", ex);

    [LoggerMessage(Level = LogLevel.Information, Message = "The run used {StorageRequests} thread storage requests.")]
    private static partial void LogStorageRequests(ILogger logger, int storageRequests);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The run's resume was refused with {Code}; nothing stored changed.")]
    private static partial void LogResumeRefused(ILogger logger, string code);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Thread commit conflict (attempt {Attempt}); reloading and merging.")]
    private static partial void LogConflict(ILogger logger, int attempt);

    [LoggerMessage(Level = LogLevel.Error, Message = "The incomplete run could not be saved.")]
    private static partial void LogIncompletePersistenceFailed(ILogger logger, Exception exception);

    private sealed class RunContext(RunAgentInput input, string storageId, StoredThread loaded)
    {
        public RunAgentInput Input { get; } = input;

        public string StorageId { get; } = storageId;

        /// <summary>The interrupts this run answers (the client's resume, or the ones a new message cancels).</summary>
        public IReadOnlyCollection<string> Answering { get; set; } = [];

        public StoredThread Loaded { get; } = loaded;

        public int StorageRequests { get; set; } = loaded.StorageRequests;
    }
}
