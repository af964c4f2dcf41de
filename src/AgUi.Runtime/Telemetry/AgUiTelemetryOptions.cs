namespace AgUi.Runtime.Telemetry;

/// <summary>The telemetry settings, bound from <c>AgUi:Telemetry</c>.</summary>
public sealed class AgUiTelemetryOptions
{
    public const string SectionName = "AgUi:Telemetry";

    /// <summary>
    /// Put prompts, completions, tool arguments and tool results on the spans (<c>gen_ai.input.messages</c>,
    /// <c>gen_ai.output.messages</c>, <c>gen_ai.tool.call.arguments</c>, <c>gen_ai.tool.call.result</c>). Off by
    /// default: they may hold personal data. Never written to logs or metrics.
    /// </summary>
    public bool RecordContent { get; set; }
}
