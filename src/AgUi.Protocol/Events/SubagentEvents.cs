using System.Text.Json;
using System.Text.Json.Serialization;
using AgUi.Protocol.Json;

namespace AgUi.Protocol.Events;

public sealed record SubagentStartedEvent : BaseEvent
{
    protected override string WireName => EventTypes.SubagentStarted;

    /// <summary>Required on subagent events: it names the invocation they report on.</summary>
    public new required string SubagentRunId { get => base.SubagentRunId!; init => base.SubagentRunId = value; }
    public required string Name { get; init; }
    public string? Description { get; init; }
    public string? ParentSubagentRunId { get; init; }
    public string? ParentToolCallId { get; init; }
    public string? ParentMessageId { get; init; }
}

public sealed record SubagentFinishedEvent : BaseEvent
{
    protected override string WireName => EventTypes.SubagentFinished;

    /// <summary>Required on subagent events: it names the invocation they report on.</summary>
    public new required string SubagentRunId { get => base.SubagentRunId!; init => base.SubagentRunId = value; }
    [JsonConverter(typeof(OptionalJsonValueConverter))]
    public JsonElement Result { get; init; }
    public SubagentFinishedOutcome? Outcome { get; init; }
}

public sealed record SubagentErrorEvent : BaseEvent
{
    protected override string WireName => EventTypes.SubagentError;

    /// <summary>Required on subagent events: it names the invocation they report on.</summary>
    public new required string SubagentRunId { get => base.SubagentRunId!; init => base.SubagentRunId = value; }
    public required string Message { get; init; }
    public string? Code { get; init; }
}

[JsonPolymorphic(TypeDiscriminatorPropertyName = "type")]
[JsonDerivedType(typeof(SubagentFinishedSuccessOutcome), "success")]
[JsonDerivedType(typeof(SubagentFinishedSuspendedOutcome), "suspended")]
public abstract record SubagentFinishedOutcome;

public sealed record SubagentFinishedSuccessOutcome : SubagentFinishedOutcome;

public sealed record SubagentFinishedSuspendedOutcome : SubagentFinishedOutcome
{
    public IReadOnlyList<string>? InterruptIds { get; init; }
}
