using System.Runtime.InteropServices;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Unicode;

namespace AgUi.Protocol.Json;

/// <summary>
/// Reads a JSON <c>null</c> in an optional free-form field (a message's <c>metadata</c>, <c>result</c>, ...)
/// as absent. <c>@ag-ui/core</c> rejects <c>null</c> in those fields, so a null a client sent must not be
/// echoed back in an event; absent values are never written.
/// </summary>
internal sealed class OptionalJsonValueConverter : JsonConverter<JsonElement>
{
    public override JsonElement Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType == JsonTokenType.Null)
        {
            return default;
        }

        // The reader checks UTF-8 only in what it decodes, and a free-form value is kept raw: invalid text in
        // it would fail only later, when the value is written to a stream or a store.
        var value = JsonElement.ParseValue(ref reader);
        return Utf8.IsValid(JsonMarshal.GetRawUtf8Value(value)) ? value : throw new JsonException("The value is not valid UTF-8.");
    }

    public override void Write(Utf8JsonWriter writer, JsonElement value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        value.WriteTo(writer);
    }
}
