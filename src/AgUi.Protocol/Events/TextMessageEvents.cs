using System.Text.Json.Serialization;

namespace AgUi.Protocol.Events;

/// <summary>The roles a streamed text message may take (tool output travels as TOOL_CALL_RESULT).</summary>
public enum TextMessageRole
{
    [JsonStringEnumMemberName("developer")] Developer,
    [JsonStringEnumMemberName("system")] System,
    [JsonStringEnumMemberName("assistant")] Assistant,
    [JsonStringEnumMemberName("user")] User,
}

public sealed record TextMessageStartEvent : BaseEvent
{
    protected override string WireName => EventTypes.TextMessageStart;
    public required string MessageId { get; init; }
    public TextMessageRole? Role { get; init; }
    public string? Name { get; init; }
}

public sealed record TextMessageContentEvent : BaseEvent
{
    protected override string WireName => EventTypes.TextMessageContent;
    public required string MessageId { get; init; }
    public required string Delta { get; init; }
}

public sealed record TextMessageEndEvent : BaseEvent
{
    protected override string WireName => EventTypes.TextMessageEnd;
    public required string MessageId { get; init; }
}

public sealed record TextMessageChunkEvent : BaseEvent
{
    protected override string WireName => EventTypes.TextMessageChunk;
    public string? MessageId { get; init; }
    public TextMessageRole? Role { get; init; }
    public string? Delta { get; init; }
    public string? Name { get; init; }
}
