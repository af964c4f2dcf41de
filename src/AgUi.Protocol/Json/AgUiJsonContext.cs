using System.Text.Json;
using System.Text.Json.Serialization;
using AgUi.Protocol.Events;
using AgUi.Protocol.Input;
using AgUi.Protocol.Messages;

namespace AgUi.Protocol.Json;

/// <summary>
/// The one JSON contract of the wire model: camelCase names, absent optional fields
/// (never <c>null</c>), string enums, unknown input fields ignored, discriminators
/// accepted anywhere in an object.
/// </summary>
[JsonSourceGenerationOptions(
    JsonSerializerDefaults.Web,
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingDefault,
    UseStringEnumConverter = true,
    AllowOutOfOrderMetadataProperties = true,
    RespectNullableAnnotations = true,
    NumberHandling = JsonNumberHandling.Strict,
    WriteIndented = false)]
[JsonSerializable(typeof(BaseEvent))]
[JsonSerializable(typeof(RunAgentInput))]
[JsonSerializable(typeof(Message))]
[JsonSerializable(typeof(IReadOnlyList<Message>))]
[JsonSerializable(typeof(IReadOnlyList<ContentPart>))]
[JsonSerializable(typeof(IReadOnlyList<JsonPatchOperation>))]
[JsonSerializable(typeof(JsonElement))]
public sealed partial class AgUiJsonContext : JsonSerializerContext;
