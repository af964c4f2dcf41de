using System.Text.Json;

namespace AgUi.Protocol.Events;

public sealed record ActivitySnapshotEvent : BaseEvent
{
    protected override string WireName => EventTypes.ActivitySnapshot;
    public required string MessageId { get; init; }
    public required string ActivityType { get; init; }
    public required JsonElement Content { get; init; }
    public bool? Replace { get; init; }
}

public sealed record ActivityDeltaEvent : BaseEvent
{
    protected override string WireName => EventTypes.ActivityDelta;
    public required string MessageId { get; init; }
    public required string ActivityType { get; init; }
    public required IReadOnlyList<JsonPatchOperation> Patch { get; init; }
}
