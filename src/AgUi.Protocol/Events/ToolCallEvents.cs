using AgUi.Protocol.Messages;

namespace AgUi.Protocol.Events;

public sealed record ToolCallStartEvent : BaseEvent
{
    protected override string WireName => EventTypes.ToolCallStart;
    public required string ToolCallId { get; init; }
    public required string ToolCallName { get; init; }
    public string? ParentMessageId { get; init; }
}

public sealed record ToolCallArgsEvent : BaseEvent
{
    protected override string WireName => EventTypes.ToolCallArgs;
    public required string ToolCallId { get; init; }
    public required string Delta { get; init; }
}

public sealed record ToolCallEndEvent : BaseEvent
{
    protected override string WireName => EventTypes.ToolCallEnd;
    public required string ToolCallId { get; init; }
}

public sealed record ToolCallChunkEvent : BaseEvent
{
    protected override string WireName => EventTypes.ToolCallChunk;
    public string? ToolCallId { get; init; }
    public string? ToolCallName { get; init; }
    public string? ParentMessageId { get; init; }
    public string? Delta { get; init; }
}

/// <summary>The result of a backend tool. Never sent for a frontend tool: the client runs those.</summary>
public sealed record ToolCallResultEvent : BaseEvent
{
    protected override string WireName => EventTypes.ToolCallResult;
    public required string MessageId { get; init; }
    public required string ToolCallId { get; init; }
    public required MessageContent Content { get; init; }
    public ToolRole? Role { get; init; }
}
