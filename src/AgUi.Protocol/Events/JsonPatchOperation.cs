using System.Text.Json;
using System.Text.Json.Serialization;

namespace AgUi.Protocol.Events;

/// <summary>One RFC 6902 operation. <see cref="Value"/> is a JSON value (null included) for add, replace and test.</summary>
public sealed record JsonPatchOperation
{
    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public required JsonPatchOp Op { get; init; }

    public required string Path { get; init; }

    public string? From { get; init; }

    public JsonElement Value { get; init; }
}

public enum JsonPatchOp
{
    [JsonStringEnumMemberName("add")] Add,
    [JsonStringEnumMemberName("remove")] Remove,
    [JsonStringEnumMemberName("replace")] Replace,
    [JsonStringEnumMemberName("move")] Move,
    [JsonStringEnumMemberName("copy")] Copy,
    [JsonStringEnumMemberName("test")] Test,
}
