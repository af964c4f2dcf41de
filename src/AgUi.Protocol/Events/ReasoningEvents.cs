using System.Text.Json.Serialization;

namespace AgUi.Protocol.Events;

public sealed record ReasoningStartEvent : BaseEvent
{
    protected override string WireName => EventTypes.ReasoningStart;
    public required string MessageId { get; init; }
}

public sealed record ReasoningMessageStartEvent : BaseEvent
{
    protected override string WireName => EventTypes.ReasoningMessageStart;
    public required string MessageId { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public ReasoningRole Role { get; init; }
}

public sealed record ReasoningMessageContentEvent : BaseEvent
{
    protected override string WireName => EventTypes.ReasoningMessageContent;
    public required string MessageId { get; init; }
    public required string Delta { get; init; }
}

public sealed record ReasoningMessageEndEvent : BaseEvent
{
    protected override string WireName => EventTypes.ReasoningMessageEnd;
    public required string MessageId { get; init; }
}

public sealed record ReasoningMessageChunkEvent : BaseEvent
{
    protected override string WireName => EventTypes.ReasoningMessageChunk;
    public string? MessageId { get; init; }
    public string? Delta { get; init; }
}

public sealed record ReasoningEndEvent : BaseEvent
{
    protected override string WireName => EventTypes.ReasoningEnd;
    public required string MessageId { get; init; }
}

public enum ReasoningEncryptedValueSubtype
{
    [JsonStringEnumMemberName("tool-call")] ToolCall,
    [JsonStringEnumMemberName("message")] Message,
}

public sealed record ReasoningEncryptedValueEvent : BaseEvent
{
    protected override string WireName => EventTypes.ReasoningEncryptedValue;
    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public required ReasoningEncryptedValueSubtype Subtype { get; init; }
    public required string EntityId { get; init; }
    public required string EncryptedValue { get; init; }
}

/// <summary>The only role a reasoning message has; a one-value enum so it is always written.</summary>
public enum ReasoningRole
{
    [JsonStringEnumMemberName("reasoning")] Reasoning,
}
