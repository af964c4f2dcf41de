using System.Text.Json.Serialization;

namespace AgUi.Runtime.Storage;

[JsonSerializable(typeof(Dictionary<string, string>))]
internal sealed partial class StorageJsonContext : JsonSerializerContext;
