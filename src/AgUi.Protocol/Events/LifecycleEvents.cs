using System.Text.Json;
using System.Text.Json.Serialization;
using AgUi.Protocol.Json;
using AgUi.Protocol.Input;

namespace AgUi.Protocol.Events;

public sealed record RunStartedEvent : BaseEvent
{
    protected override string WireName => EventTypes.RunStarted;
    public required string ThreadId { get; init; }
    public required string RunId { get; init; }
    public string? ProtocolVersion { get; init; }
    public string? ParentRunId { get; init; }
    public RunAgentInput? Input { get; init; }
}

public sealed record RunFinishedEvent : BaseEvent
{
    protected override string WireName => EventTypes.RunFinished;
    public required string ThreadId { get; init; }
    public required string RunId { get; init; }
    [JsonConverter(typeof(OptionalJsonValueConverter))]
    public JsonElement Result { get; init; }
    public RunFinishedOutcome? Outcome { get; init; }
    public IReadOnlyList<TokenUsage>? Usage { get; init; }
}

public sealed record RunErrorEvent : BaseEvent
{
    protected override string WireName => EventTypes.RunError;
    public required string Message { get; init; }
    public string? Code { get; init; }
    public IReadOnlyList<TokenUsage>? Usage { get; init; }
}

public sealed record StepStartedEvent : BaseEvent
{
    protected override string WireName => EventTypes.StepStarted;
    public required string StepName { get; init; }
}

public sealed record StepFinishedEvent : BaseEvent
{
    protected override string WireName => EventTypes.StepFinished;
    public required string StepName { get; init; }
}

[JsonPolymorphic(TypeDiscriminatorPropertyName = "type")]
[JsonDerivedType(typeof(RunFinishedSuccessOutcome), "success")]
[JsonDerivedType(typeof(RunFinishedInterruptOutcome), "interrupt")]
[JsonDerivedType(typeof(RunFinishedCancelledOutcome), "cancelled")]
public abstract record RunFinishedOutcome;

public sealed record RunFinishedSuccessOutcome : RunFinishedOutcome
{
    public IReadOnlyList<string>? PendingToolCallIds { get; init; }
}

public sealed record RunFinishedInterruptOutcome : RunFinishedOutcome
{
    public required IReadOnlyList<Interrupt> Interrupts { get; init; }
}

public sealed record RunFinishedCancelledOutcome : RunFinishedOutcome;

public sealed record Interrupt
{
    public required string Id { get; init; }
    public required string Reason { get; init; }
    public string? Message { get; init; }
    public string? ToolCallId { get; init; }
    [JsonConverter(typeof(OptionalJsonValueConverter))]
    public JsonElement ResponseSchema { get; init; }
    public string? ExpiresAt { get; init; }
    [JsonConverter(typeof(OptionalJsonValueConverter))]
    public JsonElement Metadata { get; init; }
}

public sealed record TokenUsage
{
    public string? Provider { get; init; }
    public string? Model { get; init; }
    public long? InputTokens { get; init; }
    public long? OutputTokens { get; init; }
    public long? TotalTokens { get; init; }
    public long? ReasoningTokens { get; init; }
    public long? CachedInputTokens { get; init; }
    public long? CacheWriteInputTokens { get; init; }
}
