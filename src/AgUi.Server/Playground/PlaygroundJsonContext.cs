using System.Text.Json;
using System.Text.Json.Serialization;

namespace AgUi.Server.Playground;

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(PlaygroundAgentList))]
internal sealed partial class PlaygroundJsonContext : JsonSerializerContext;
