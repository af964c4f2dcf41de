using System.Text.Json;
using System.Text.Json.Serialization;
using AgUi.Protocol.Json;
using AgUi.Protocol.Messages;

namespace AgUi.Protocol.Input;

/// <summary>The body of a run request.</summary>
public sealed record RunAgentInput
{
    private readonly IReadOnlyList<Tool> tools = [];
    private readonly IReadOnlyList<Context> context = [];

    public required string ThreadId { get; init; }
    public required string RunId { get; init; }
    public string? ProtocolVersion { get; init; }
    public string? ParentRunId { get; init; }

    /// <summary>The state the client holds; undefined or JSON null means none.</summary>
    [JsonConverter(typeof(OptionalJsonValueConverter))]
    public JsonElement State { get; init; }

    public required IReadOnlyList<Message> Messages { get; init; }

    // The source-generated reader assigns every init-only property, null for an absent one, so a default
    // initializer would be overwritten: the setters turn that null into the empty list the protocol means.
    public IReadOnlyList<Tool> Tools { get => tools; init => tools = value ?? []; }

    public IReadOnlyList<Context> Context { get => context; init => context = value ?? []; }

    [JsonConverter(typeof(OptionalJsonValueConverter))]
    public JsonElement ForwardedProps { get; init; }
    public IReadOnlyList<ResumeEntry>? Resume { get; init; }

    /// <summary>True when the client sent a state worth keeping: an object, array or scalar, but not an empty object.</summary>
    [JsonIgnore]
    public bool HasState => State.ValueKind is not (JsonValueKind.Undefined or JsonValueKind.Null) &&
        !(State.ValueKind == JsonValueKind.Object && !State.EnumerateObject().Any());
}

/// <summary>A frontend tool: the client runs it, the server only offers it to the model.</summary>
public sealed record Tool
{
    public required string Name { get; init; }
    public required string Description { get; init; }

    /// <summary>The JSON Schema of the arguments.</summary>
    [JsonConverter(typeof(OptionalJsonValueConverter))]
    public JsonElement Parameters { get; init; }

    [JsonConverter(typeof(OptionalJsonValueConverter))]
    public JsonElement Metadata { get; init; }
}

public sealed record Context
{
    public required string Description { get; init; }
    public required string Value { get; init; }
}

public sealed record ResumeEntry
{
    public required string InterruptId { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public required ResumeStatus Status { get; init; }

    [JsonConverter(typeof(OptionalJsonValueConverter))]
    public JsonElement Payload { get; init; }

    [JsonConverter(typeof(OptionalJsonValueConverter))]
    public JsonElement Metadata { get; init; }
}

public enum ResumeStatus
{
    [JsonStringEnumMemberName("resolved")] Resolved,
    [JsonStringEnumMemberName("cancelled")] Cancelled,
}
