using System.Text.Json;
using System.Text.Json.Nodes;
using AgUi.Protocol.Events;
using AgUi.Protocol.Input;
using AgUi.Protocol.Json;
using AgUi.Protocol.Messages;

namespace AgUi.Protocol.Tests.Json;

/// <summary>Serializes through the wire contract and compares JSON by structure, not by text.</summary>
internal static class WireJson
{
    // Serialized to text and parsed back strictly, so a property written twice fails as it would on the wire.
    private static readonly JsonDocumentOptions Strict = new() { AllowDuplicateProperties = false };

    public static JsonNode Serialize(BaseEvent agUiEvent) =>
        JsonNode.Parse(JsonSerializer.Serialize(agUiEvent, AgUiJsonContext.Default.BaseEvent), documentOptions: Strict)!;

    public static JsonNode Serialize(Message message) =>
        JsonNode.Parse(JsonSerializer.Serialize(message, AgUiJsonContext.Default.Message), documentOptions: Strict)!;

    public static JsonNode Serialize(RunAgentInput input) =>
        JsonNode.Parse(JsonSerializer.Serialize(input, AgUiJsonContext.Default.RunAgentInput), documentOptions: Strict)!;

    public static BaseEvent DeserializeEvent(string json) =>
        JsonSerializer.Deserialize(json, AgUiJsonContext.Default.BaseEvent)!;

    public static Message DeserializeMessage(string json) =>
        JsonSerializer.Deserialize(json, AgUiJsonContext.Default.Message)!;

    public static RunAgentInput DeserializeInput(string json) =>
        JsonSerializer.Deserialize(json, AgUiJsonContext.Default.RunAgentInput)!;

    public static void AssertSameJson(string expected, JsonNode actual)
    {
        var expectedNode = JsonNode.Parse(expected);
        Assert.True(JsonNode.DeepEquals(expectedNode, actual),
            $"Expected {expectedNode?.ToJsonString()}{Environment.NewLine}but got  {actual.ToJsonString()}");
    }

    /// <summary>Fails when any property anywhere in <paramref name="node"/> is written as <c>null</c>.</summary>
    public static void AssertNoNullProperties(JsonNode node)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var (name, value) in obj)
                {
                    Assert.True(value is not null, $"'{name}' is written as null in {node.ToJsonString()}");
                    AssertNoNullProperties(value);
                }

                break;
            case JsonArray array:
                foreach (var item in array)
                {
                    Assert.NotNull(item);
                    AssertNoNullProperties(item);
                }

                break;
        }
    }

    public static JsonElement Element(string json) => JsonDocument.Parse(json).RootElement.Clone();
}
