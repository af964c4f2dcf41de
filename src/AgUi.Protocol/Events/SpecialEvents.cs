using System.Text.Json;

namespace AgUi.Protocol.Events;

public sealed record RawEvent : BaseEvent
{
    protected override string WireName => EventTypes.Raw;
    public required JsonElement Event { get; init; }
    public string? Source { get; init; }
}

public sealed record CustomEvent : BaseEvent
{
    protected override string WireName => EventTypes.Custom;
    public required string Name { get; init; }
    public required JsonElement Value { get; init; }
}
