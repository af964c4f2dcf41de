using System.Text.Json;
using AgUi.Protocol.Messages;

namespace AgUi.Protocol.Events;

public sealed record StateSnapshotEvent : BaseEvent
{
    protected override string WireName => EventTypes.StateSnapshot;
    public required JsonElement Snapshot { get; init; }
}

/// <summary>RFC 6902 operations applied to the state the client holds.</summary>
public sealed record StateDeltaEvent : BaseEvent
{
    protected override string WireName => EventTypes.StateDelta;
    public required IReadOnlyList<JsonPatchOperation> Delta { get; init; }
}

/// <summary>Replaces the client's history by message id: always send a whole thread.</summary>
public sealed record MessagesSnapshotEvent : BaseEvent
{
    protected override string WireName => EventTypes.MessagesSnapshot;
    public required IReadOnlyList<Message> Messages { get; init; }
}
