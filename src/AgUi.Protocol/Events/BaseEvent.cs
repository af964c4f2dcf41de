using System.Text.Json;
using System.Text.Json.Serialization;

namespace AgUi.Protocol.Events;

/// <summary>
/// One AG-UI event. The JSON <c>type</c> discriminator is written from the
/// <see cref="JsonDerivedTypeAttribute"/> list below, so every event's wire name lives in one place.
/// </summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "type", UnknownDerivedTypeHandling = JsonUnknownDerivedTypeHandling.FailSerialization)]
[JsonDerivedType(typeof(RunStartedEvent), EventTypes.RunStarted)]
[JsonDerivedType(typeof(RunFinishedEvent), EventTypes.RunFinished)]
[JsonDerivedType(typeof(RunErrorEvent), EventTypes.RunError)]
[JsonDerivedType(typeof(StepStartedEvent), EventTypes.StepStarted)]
[JsonDerivedType(typeof(StepFinishedEvent), EventTypes.StepFinished)]
[JsonDerivedType(typeof(TextMessageStartEvent), EventTypes.TextMessageStart)]
[JsonDerivedType(typeof(TextMessageContentEvent), EventTypes.TextMessageContent)]
[JsonDerivedType(typeof(TextMessageEndEvent), EventTypes.TextMessageEnd)]
[JsonDerivedType(typeof(TextMessageChunkEvent), EventTypes.TextMessageChunk)]
[JsonDerivedType(typeof(ToolCallStartEvent), EventTypes.ToolCallStart)]
[JsonDerivedType(typeof(ToolCallArgsEvent), EventTypes.ToolCallArgs)]
[JsonDerivedType(typeof(ToolCallEndEvent), EventTypes.ToolCallEnd)]
[JsonDerivedType(typeof(ToolCallChunkEvent), EventTypes.ToolCallChunk)]
[JsonDerivedType(typeof(ToolCallResultEvent), EventTypes.ToolCallResult)]
[JsonDerivedType(typeof(StateSnapshotEvent), EventTypes.StateSnapshot)]
[JsonDerivedType(typeof(StateDeltaEvent), EventTypes.StateDelta)]
[JsonDerivedType(typeof(MessagesSnapshotEvent), EventTypes.MessagesSnapshot)]
[JsonDerivedType(typeof(ActivitySnapshotEvent), EventTypes.ActivitySnapshot)]
[JsonDerivedType(typeof(ActivityDeltaEvent), EventTypes.ActivityDelta)]
[JsonDerivedType(typeof(ReasoningStartEvent), EventTypes.ReasoningStart)]
[JsonDerivedType(typeof(ReasoningMessageStartEvent), EventTypes.ReasoningMessageStart)]
[JsonDerivedType(typeof(ReasoningMessageContentEvent), EventTypes.ReasoningMessageContent)]
[JsonDerivedType(typeof(ReasoningMessageEndEvent), EventTypes.ReasoningMessageEnd)]
[JsonDerivedType(typeof(ReasoningMessageChunkEvent), EventTypes.ReasoningMessageChunk)]
[JsonDerivedType(typeof(ReasoningEndEvent), EventTypes.ReasoningEnd)]
[JsonDerivedType(typeof(ReasoningEncryptedValueEvent), EventTypes.ReasoningEncryptedValue)]
[JsonDerivedType(typeof(SubagentStartedEvent), EventTypes.SubagentStarted)]
[JsonDerivedType(typeof(SubagentFinishedEvent), EventTypes.SubagentFinished)]
[JsonDerivedType(typeof(SubagentErrorEvent), EventTypes.SubagentError)]
[JsonDerivedType(typeof(RawEvent), EventTypes.Raw)]
[JsonDerivedType(typeof(CustomEvent), EventTypes.Custom)]
public abstract record BaseEvent
{
    /// <summary>The wire name of this event (<c>type</c> in JSON).</summary>
    [JsonIgnore]
    public string Type => WireName;

    /// <summary>Milliseconds since the Unix epoch.</summary>
    public long? Timestamp { get; init; }

    // Nullable, unlike the optional JSON values of messages: every event carries these two, and under
    // WhenWritingDefault a JsonElement is compared with its default through ValueType.Equals, which
    // allocates on each write; null is a plain check. JSON null reads as null, so it is never echoed.

    /// <summary>The provider-native event this one was translated from.</summary>
    public JsonElement? RawEvent { get; init; }

    public JsonElement? Metadata { get; init; }

    public string? SubagentRunId { get; init; }

    /// <summary>The discriminator each event type declares.</summary>
    protected abstract string WireName { get; }
}
