using System.Diagnostics;
using AgUi.Protocol.Events;
using AgUi.Protocol.Input;

namespace AgUi.Runtime.Telemetry;

/// <summary>
/// One run as the endpoint serves it: the <c>invoke_agent {agent}</c> span (kind Internal, the parent of the run's
/// model calls, tool calls and storage requests), the run count and duration, and the open-stream count. The
/// outcome is what the last terminal event the endpoint wrote says; a run that ends without one was abandoned
/// (the client went away first).
/// </summary>
internal sealed class RunTelemetry : IDisposable
{
    public const string Success = "success";
    public const string Interrupt = "interrupt";
    public const string Cancelled = "cancelled";
    public const string Error = "error";
    public const string Abandoned = "abandoned";

    /// <summary>The semantic conventions' fallback for an error without a more specific type (a RUN_ERROR without a code).</summary>
    private const string OtherError = "_OTHER";

    private readonly string agentName;
    private readonly long startTimestamp = Stopwatch.GetTimestamp();
    private readonly Activity? span;
    private string outcome = Abandoned;
    private string? errorCode;
    private bool streamOpen;

    private RunTelemetry(string agentName, Activity? span)
    {
        this.agentName = agentName;
        this.span = span;
    }

    public static RunTelemetry Start(string agentName, RunAgentInput input)
    {
        Activity? span = null;
        if (AgUiTelemetry.Source.HasListeners())
        {
            span = AgUiTelemetry.Source.StartActivity($"{TelemetryAttributes.InvokeAgentOperation} {agentName}", ActivityKind.Internal, parentContext: default, tags:
            [
                new(TelemetryAttributes.OperationName, TelemetryAttributes.InvokeAgentOperation),
                new(TelemetryAttributes.AgentName, agentName),
                new(TelemetryAttributes.ConversationId, input.ThreadId),
                new(TelemetryAttributes.ThreadId, input.ThreadId),
                new(TelemetryAttributes.RunId, input.RunId),
            ]);
        }

        return new RunTelemetry(agentName, span);
    }

    public void StreamOpened()
    {
        streamOpen = true;
        if (AgUiTelemetry.ActiveStreams.Enabled)
        {
            AgUiTelemetry.ActiveStreams.Add(1, new KeyValuePair<string, object?>(TelemetryAttributes.AgentName, agentName));
        }
    }

    /// <summary>Notes a terminal event before it is written; any other event costs one type test.</summary>
    public void Observe(BaseEvent agUiEvent)
    {
        switch (agUiEvent)
        {
            case RunFinishedEvent finished:
                outcome = finished.Outcome switch
                {
                    RunFinishedInterruptOutcome => Interrupt,
                    RunFinishedCancelledOutcome => Cancelled,
                    _ => Success,
                };
                errorCode = null;
                break;
            case RunErrorEvent error:
                outcome = Error;
                errorCode = string.IsNullOrEmpty(error.Code) ? OtherError : error.Code;
                break;
        }
    }

    public void Dispose()
    {
        if (streamOpen && AgUiTelemetry.ActiveStreams.Enabled)
        {
            AgUiTelemetry.ActiveStreams.Add(-1, new KeyValuePair<string, object?>(TelemetryAttributes.AgentName, agentName));
        }

        if (AgUiTelemetry.Runs.Enabled || AgUiTelemetry.RunDuration.Enabled)
        {
            var tags = new TagList
            {
                { TelemetryAttributes.AgentName, agentName },
                { TelemetryAttributes.RunOutcome, outcome },
            };
            if (errorCode is not null)
            {
                tags.Add(TelemetryAttributes.ErrorType, errorCode);
            }

            AgUiTelemetry.Runs.Add(1, tags);
            AgUiTelemetry.RunDuration.Record(AgUiTelemetry.SecondsSince(startTimestamp), tags);
        }

        if (span is not null)
        {
            span.SetTag(TelemetryAttributes.RunOutcome, outcome);
            if (errorCode is not null)
            {
                span.SetTag(TelemetryAttributes.ErrorType, errorCode);
                span.SetStatus(ActivityStatusCode.Error, errorCode);
            }

            span.Dispose();
        }
    }
}
