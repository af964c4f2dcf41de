using System.Text.Json;
using System.Text.Json.Serialization;

namespace AgUi.Protocol.Json;

/// <summary>
/// Reads a JSON <c>null</c> in an optional free-form field (a message's <c>metadata</c>, <c>result</c>, ...)
/// as absent. <c>@ag-ui/core</c> rejects <c>null</c> in those fields, so a null a client sent must not be
/// echoed back in an event; absent values are never written.
/// </summary>
internal sealed class OptionalJsonValueConverter : JsonConverter<JsonElement>
{
    public override JsonElement Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.TokenType == JsonTokenType.Null ? default : JsonElement.ParseValue(ref reader);

    public override void Write(Utf8JsonWriter writer, JsonElement value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        value.WriteTo(writer);
    }
}
