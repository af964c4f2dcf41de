using System.Text.Json;
using System.Text.Json.Nodes;

namespace AgUi.Runtime.Threads;

/// <summary>Conversions between the wire's immutable <see cref="JsonElement"/> state and the mutable <see cref="JsonNode"/> that patches edit.</summary>
internal static class StateJson
{
    public static JsonNode? ToNode(JsonElement element) =>
        element.ValueKind == JsonValueKind.Undefined ? null : JsonNode.Parse(element.GetRawText());

    /// <summary>A null node becomes JSON <c>null</c>; use <see cref="JsonValueKind.Undefined"/> for "no state" explicitly.</summary>
    public static JsonElement ToElement(JsonNode? node)
    {
        using var document = JsonDocument.Parse(node?.ToJsonString() ?? "null");
        return document.RootElement.Clone();
    }
}
