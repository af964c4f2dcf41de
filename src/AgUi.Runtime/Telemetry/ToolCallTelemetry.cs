using System.Diagnostics;

namespace AgUi.Runtime.Telemetry;

/// <summary>
/// The <c>execute_tool {tool}</c> span of one backend tool call (kind Internal, under the run). It is
/// <see cref="Activity.Current"/> while the tool runs, so what the tool calls nests under it. Arguments and
/// result go on it only when <see cref="AgUiTelemetryOptions.RecordContent"/> is set.
/// </summary>
internal static class ToolCallTelemetry
{
    /// <summary>The call's span, or null when nothing listens.</summary>
    public static Activity? Start(string name, string toolCallId, string? description, string arguments, bool recordContent)
    {
        if (!AgUiTelemetry.Source.HasListeners())
        {
            return null;
        }

        var span = AgUiTelemetry.Source.StartActivity($"{TelemetryAttributes.ExecuteToolOperation} {name}", ActivityKind.Internal, parentContext: default, tags:
        [
            new(TelemetryAttributes.OperationName, TelemetryAttributes.ExecuteToolOperation),
            new(TelemetryAttributes.ToolName, name),
            new(TelemetryAttributes.ToolCallId, toolCallId),
            new(TelemetryAttributes.ToolType, "function"),
        ]);
        if (span is { IsAllDataRequested: true })
        {
            if (!string.IsNullOrEmpty(description))
            {
                span.SetTag(TelemetryAttributes.ToolDescription, description);
            }

            if (recordContent)
            {
                span.SetTag(TelemetryAttributes.ToolCallArguments, arguments);
            }
        }

        return span;
    }

    /// <summary>Ends the span with what the model gets back; <paramref name="errorType"/> names a failed call.</summary>
    public static void Finish(Activity? span, string result, string? errorType, bool recordContent)
    {
        if (span is null)
        {
            return;
        }

        if (errorType is not null)
        {
            span.SetTag(TelemetryAttributes.ErrorType, errorType);
            span.SetStatus(ActivityStatusCode.Error, errorType);
        }
        else if (recordContent && span.IsAllDataRequested)
        {
            span.SetTag(TelemetryAttributes.ToolCallResult, result);
        }

        span.Dispose();
    }
}
