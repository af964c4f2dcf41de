using System.Net;
using System.Runtime.CompilerServices;
using AgUi.Protocol.Events;
using AgUi.Protocol.Input;
using AgUi.Protocol.Verification;
using AgUi.Runtime.Agents;
using AgUi.Testing;
using Microsoft.Extensions.Logging;

namespace AgUi.Runtime.Tests.Endpoint;

/// <summary>The run endpoint's stream over real Kestrel: headers, sealing, heartbeats and cancellation.</summary>
public sealed class RunStreamTests
{
    private static readonly TimeSpan Generous = TimeSpan.FromSeconds(5);

    [Fact]
    public async Task Offline_agent_streams_a_valid_run_that_quotes_the_user()
    {
        await using var host = await AgUiTestHost.StartAsync();
        using var request = RunRequests.Create(RunRequests.UserSays("Where is the tea kettle?"));
        request.Headers.AcceptEncoding.ParseAdd("gzip, br");

        using var response = await host.Client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        Assert.True(response.Headers.CacheControl?.NoCache);
        Assert.Equal(["no"], response.Headers.GetValues("X-Accel-Buffering"));
        Assert.Empty(response.Content.Headers.ContentEncoding);

        var events = (await SseReader.ReadToEndAsync(response)).Events;
        AssertValidRun(events, RunPhase.Finished);
        var reply = string.Concat(events.OfType<TextMessageContentEvent>().Select(e => e.Delta));
        Assert.Contains("\"Where is the tea kettle?\"", reply, StringComparison.Ordinal);
        Assert.Contains(OfflineAgent.Label, reply, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_log_says_when_the_offline_agent_serves()
    {
        const string offlineLine = "No model configured: serving the offline agent";
        await using var offline = await AgUiTestHost.StartAsync();
        await using var scripted = await AgUiTestHost.StartAsync(o => o.Agent = new DelegateAgent(FinishImmediately));

        Assert.Contains(offline.Logs.Entries, e => e.Message.StartsWith(offlineLine, StringComparison.Ordinal));
        Assert.DoesNotContain(scripted.Logs.Entries, e => e.Message.StartsWith(offlineLine, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Client_disconnect_cancels_a_silent_agent()
    {
        var cancelled = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        async IAsyncEnumerable<BaseEvent> WaitForever(RunAgentInput input, [EnumeratorCancellation] CancellationToken token)
        {
            yield return Started(input);
            using var registration = token.Register(() => cancelled.TrySetResult());
            await Task.Delay(Timeout.Infinite, token);
        }

        await using var host = await AgUiTestHost.StartAsync(o =>
        {
            o.Agent = new DelegateAgent(WaitForever);
            o.Settings["AgUi:HeartbeatInterval"] = "01:00:00"; // no heartbeat write may be what notices the disconnect
        });
        using var request = RunRequests.Create(RunRequests.UserSays("hold on"));
        using var response = await host.Client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        var reader = new SseReader(await response.Content.ReadAsStreamAsync());
        Assert.IsType<RunStartedEvent>(await reader.ReadEventAsync());

        using (var abort = new CancellationTokenSource())
        {
            var pendingRead = reader.ReadEventAsync(abort.Token);
            await abort.CancelAsync();
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => pendingRead);
        }

        await cancelled.Task.WaitAsync(Generous);
    }

    [Fact]
    public async Task Throwing_agent_gets_a_sealed_stream_and_the_exception_goes_to_the_log_only()
    {
        const string exceptionText = "connection string Server=db;Password=hunter2 was rejected";
        var exception = new InvalidOperationException(exceptionText);
        async IAsyncEnumerable<BaseEvent> ThrowMidMessage(RunAgentInput input, [EnumeratorCancellation] CancellationToken token)
        {
            yield return Started(input);
            yield return new TextMessageStartEvent { MessageId = "m1", Role = TextMessageRole.Assistant };
            yield return new TextMessageContentEvent { MessageId = "m1", Delta = "Partial" };
            await Task.Yield();
            throw exception;
        }

        await using var host = await AgUiTestHost.StartAsync(o => o.Agent = new DelegateAgent(ThrowMidMessage));
        var events = (await host.RunAsync(RunRequests.UserSays("boom", threadId: "thread-throw", runId: "run-throw"))).Events;

        AssertValidRun(events, RunPhase.Errored);
        Assert.Equal(
            [EventTypes.RunStarted, EventTypes.TextMessageStart, EventTypes.TextMessageContent, EventTypes.TextMessageEnd, EventTypes.RunError],
            events.Select(e => e.Type));
        Assert.Equal("m1", Assert.IsType<TextMessageEndEvent>(events[3]).MessageId);
        var error = Assert.IsType<RunErrorEvent>(events[^1]);
        Assert.Equal(RunErrorCodes.AgentError, error.Code);
        Assert.DoesNotContain("hunter2", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(nameof(InvalidOperationException), error.Message, StringComparison.Ordinal);

        var logged = Assert.Single(host.Logs.Entries, e => ReferenceEquals(e.Exception, exception));
        Assert.Equal(LogLevel.Error, logged.Level);
        Assert.Equal("thread-throw", logged.ScopeValue("threadId"));
        Assert.Equal("run-throw", logged.ScopeValue("runId"));
    }

    [Fact]
    public async Task Agent_run_exception_reaches_the_client_with_its_code_and_message()
    {
        async IAsyncEnumerable<BaseEvent> FailWithCode(RunAgentInput input, [EnumeratorCancellation] CancellationToken token)
        {
            yield return Started(input);
            await Task.Yield();
            throw new AgentRunException("MODEL_RATE_LIMITED", "The model is busy; try again shortly.");
        }

        await using var host = await AgUiTestHost.StartAsync(o => o.Agent = new DelegateAgent(FailWithCode));
        var events = (await host.RunAsync(RunRequests.UserSays("hi"))).Events;

        AssertValidRun(events, RunPhase.Errored);
        var error = Assert.IsType<RunErrorEvent>(events[^1]);
        Assert.Equal("MODEL_RATE_LIMITED", error.Code);
        Assert.Equal("The model is busy; try again shortly.", error.Message);
    }

    [Fact]
    public async Task Invalid_event_never_reaches_the_wire_and_the_run_ends_with_INVALID_EVENT_SEQUENCE()
    {
        var abandoned = false;
        async IAsyncEnumerable<BaseEvent> ContentWithoutStart(RunAgentInput input, [EnumeratorCancellation] CancellationToken token)
        {
            try
            {
                yield return Started(input);
                yield return new TextMessageContentEvent { MessageId = "never-started", Delta = "orphan" };
                await Task.Yield();
                yield return new RunFinishedEvent { ThreadId = input.ThreadId, RunId = input.RunId };
            }
            finally
            {
                abandoned = true;
            }
        }

        await using var host = await AgUiTestHost.StartAsync(o => o.Agent = new DelegateAgent(ContentWithoutStart));
        var events = (await host.RunAsync(RunRequests.UserSays("hi"))).Events;

        AssertValidRun(events, RunPhase.Errored);
        Assert.Equal([EventTypes.RunStarted, EventTypes.RunError], events.Select(e => e.Type));
        Assert.Equal(RunErrorCodes.InvalidEventSequence, ((RunErrorEvent)events[^1]).Code);
        Assert.True(abandoned);
        Assert.Contains(host.Logs.Entries, e => e.Level == LogLevel.Error && e.Message.Contains("never-started", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Agent_that_stops_early_gets_its_open_message_closed_and_INCOMPLETE_RUN()
    {
        async IAsyncEnumerable<BaseEvent> StopMidMessage(RunAgentInput input, [EnumeratorCancellation] CancellationToken token)
        {
            yield return Started(input);
            yield return new TextMessageStartEvent { MessageId = "m1", Role = TextMessageRole.Assistant };
            await Task.Yield();
        }

        await using var host = await AgUiTestHost.StartAsync(o => o.Agent = new DelegateAgent(StopMidMessage));
        var events = (await host.RunAsync(RunRequests.UserSays("hi"))).Events;

        AssertValidRun(events, RunPhase.Errored);
        Assert.Equal([EventTypes.RunStarted, EventTypes.TextMessageStart, EventTypes.TextMessageEnd, EventTypes.RunError], events.Select(e => e.Type));
        Assert.Equal(RunErrorCodes.IncompleteRun, ((RunErrorEvent)events[^1]).Code);
    }

    [Fact]
    public async Task Heartbeat_comment_is_written_while_the_agent_is_silent()
    {
        async IAsyncEnumerable<BaseEvent> PauseBetweenEvents(RunAgentInput input, [EnumeratorCancellation] CancellationToken token)
        {
            yield return Started(input);
            await Task.Delay(TimeSpan.FromSeconds(1), token);
            yield return new RunFinishedEvent { ThreadId = input.ThreadId, RunId = input.RunId };
        }

        await using var host = await AgUiTestHost.StartAsync(o =>
        {
            o.Agent = new DelegateAgent(PauseBetweenEvents);
            o.Settings["AgUi:HeartbeatInterval"] = "00:00:00.200";
        });
        using var request = RunRequests.Create(RunRequests.UserSays("hi"));
        using var response = await host.Client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        var reader = new SseReader(await response.Content.ReadAsStreamAsync());

        Assert.IsType<RunStartedEvent>(await reader.ReadEventAsync());
        Assert.IsType<RunFinishedEvent>(await reader.ReadEventAsync());
        Assert.NotEmpty(reader.Comments);
        Assert.All(reader.Comments, c => Assert.Equal("ping", c));
        Assert.Null(await reader.ReadEventAsync());
    }

    [Fact]
    public async Task Heartbeats_interleaved_with_events_never_split_or_corrupt_them()
    {
        const int rounds = 20;
        const int burst = 10;
        using var heartbeatRead = new SemaphoreSlim(0);
        string Delta(int i) => $"<{i}>" + new string((char)('a' + (i % 26)), 2000 + (i * 37));
        async IAsyncEnumerable<BaseEvent> StreamInBursts(RunAgentInput input, [EnumeratorCancellation] CancellationToken token)
        {
            yield return Started(input);
            yield return new TextMessageStartEvent { MessageId = "m1", Role = TextMessageRole.Assistant };
            for (var round = 0; round < rounds; round++)
            {
                for (var i = round * burst; i < (round + 1) * burst; i++)
                {
                    yield return new TextMessageContentEvent { MessageId = "m1", Delta = Delta(i) };
                }

                // Silent until the client has read a heartbeat: every round puts one between events, whatever the timing.
                Assert.True(await heartbeatRead.WaitAsync(TimeSpan.FromSeconds(10), token), $"no heartbeat arrived after round {round}");
            }

            yield return new TextMessageEndEvent { MessageId = "m1" };
            yield return new RunFinishedEvent { ThreadId = input.ThreadId, RunId = input.RunId };
        }

        await using var host = await AgUiTestHost.StartAsync(o =>
        {
            o.Agent = new DelegateAgent(StreamInBursts);
            o.Settings["AgUi:HeartbeatInterval"] = "00:00:00.001";
        });
        using var request = RunRequests.Create(RunRequests.UserSays("hi"));
        using var response = await host.Client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        var reader = new SseReader(await response.Content.ReadAsStreamAsync()) { CommentRead = _ => heartbeatRead.Release() };
        await reader.ReadToEndAsync();

        AssertValidRun(reader.Events, RunPhase.Finished);
        var deltas = reader.Events.OfType<TextMessageContentEvent>().Select(e => e.Delta);
        Assert.Equal(Enumerable.Range(0, rounds * burst).Select(Delta), deltas);
        Assert.All(reader.Comments, c => Assert.Equal("ping", c));
        Assert.InRange(reader.Comments.Count, rounds, int.MaxValue);
    }

    /// <summary>Every event passes the client's sequencing rules and the run ends in <paramref name="phase"/>.</summary>
    private static void AssertValidRun(IReadOnlyList<BaseEvent> events, RunPhase phase)
    {
        var verifier = new EventSequenceVerifier();
        Assert.All(events, e => Assert.Null(verifier.Accept(e)));
        Assert.Equal(phase, verifier.Phase);
    }

    private static RunStartedEvent Started(RunAgentInput input) => new() { ThreadId = input.ThreadId, RunId = input.RunId };

    private static async IAsyncEnumerable<BaseEvent> FinishImmediately(RunAgentInput input, [EnumeratorCancellation] CancellationToken token)
    {
        yield return Started(input);
        await Task.Yield();
        yield return new RunFinishedEvent { ThreadId = input.ThreadId, RunId = input.RunId };
    }
}
