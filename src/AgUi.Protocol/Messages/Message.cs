using System.Text.Json;
using System.Text.Json.Serialization;
using AgUi.Protocol.Json;

namespace AgUi.Protocol.Messages;

/// <summary>One message of a conversation, discriminated by <c>role</c>.</summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "role", UnknownDerivedTypeHandling = JsonUnknownDerivedTypeHandling.FailSerialization)]
[JsonDerivedType(typeof(DeveloperMessage), MessageRoles.Developer)]
[JsonDerivedType(typeof(SystemMessage), MessageRoles.System)]
[JsonDerivedType(typeof(AssistantMessage), MessageRoles.Assistant)]
[JsonDerivedType(typeof(UserMessage), MessageRoles.User)]
[JsonDerivedType(typeof(ToolMessage), MessageRoles.Tool)]
[JsonDerivedType(typeof(ActivityMessage), MessageRoles.Activity)]
[JsonDerivedType(typeof(ReasoningMessage), MessageRoles.Reasoning)]
public abstract record Message
{
    /// <summary>The wire role of this message (<c>role</c> in JSON).</summary>
    [JsonIgnore]
    public string Role => WireName;

    [JsonPropertyOrder(-1)]
    public required string Id { get; init; }

    [JsonConverter(typeof(OptionalJsonValueConverter))]
    public JsonElement Metadata { get; init; }

    /// <summary>The subagent invocation this message belongs to, if any.</summary>
    public string? SubagentRunId { get; init; }

    /// <summary>The discriminator each message type declares.</summary>
    protected abstract string WireName { get; }
}

public static class MessageRoles
{
    public const string Developer = "developer";
    public const string System = "system";
    public const string Assistant = "assistant";
    public const string User = "user";
    public const string Tool = "tool";
    public const string Activity = "activity";
    public const string Reasoning = "reasoning";
}

public sealed record DeveloperMessage : Message
{
    protected override string WireName => MessageRoles.Developer;
    public required string Content { get; init; }
    public string? Name { get; init; }
    public string? EncryptedValue { get; init; }
}

public sealed record SystemMessage : Message
{
    protected override string WireName => MessageRoles.System;
    public required string Content { get; init; }
    public string? Name { get; init; }
    public string? EncryptedValue { get; init; }
}

public sealed record AssistantMessage : Message
{
    protected override string WireName => MessageRoles.Assistant;
    public string? Content { get; init; }
    public IReadOnlyList<ToolCall>? ToolCalls { get; init; }
    public string? Name { get; init; }
    public string? EncryptedValue { get; init; }
}

public sealed record UserMessage : Message
{
    protected override string WireName => MessageRoles.User;
    public required MessageContent Content { get; init; }
    public string? Name { get; init; }
    public string? EncryptedValue { get; init; }
}

public sealed record ToolMessage : Message
{
    protected override string WireName => MessageRoles.Tool;
    public required MessageContent Content { get; init; }
    public required string ToolCallId { get; init; }
    public string? Error { get; init; }
    public string? EncryptedValue { get; init; }
}

public sealed record ActivityMessage : Message
{
    protected override string WireName => MessageRoles.Activity;
    public required string ActivityType { get; init; }
    public required JsonElement Content { get; init; }
}

public sealed record ReasoningMessage : Message
{
    protected override string WireName => MessageRoles.Reasoning;
    public required string Content { get; init; }
    public string? EncryptedValue { get; init; }
}

public sealed record ToolCall
{
    public required string Id { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public ToolCallType Type { get; init; }

    public required FunctionCall Function { get; init; }
    public string? EncryptedValue { get; init; }
    [JsonConverter(typeof(OptionalJsonValueConverter))]
    public JsonElement Metadata { get; init; }
}

public enum ToolCallType
{
    [JsonStringEnumMemberName("function")] Function,
}

public sealed record FunctionCall
{
    public required string Name { get; init; }

    /// <summary>The arguments as the model wrote them: a JSON text, possibly invalid.</summary>
    public required string Arguments { get; init; }
}

/// <summary>The only role a tool result has; a one-value enum so it reads like the spec.</summary>
public enum ToolRole
{
    [JsonStringEnumMemberName("tool")] Tool,
}
