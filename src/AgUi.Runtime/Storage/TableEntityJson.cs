using System.Buffers;
using System.Globalization;
using System.Text.Json;
using Azure;

namespace AgUi.Runtime.Storage;

/// <summary>
/// The Table service's JSON entity format: plain JSON values for strings, 32-bit numbers and booleans,
/// and an <c>@odata.type</c> annotation next to binary, 64-bit and date values.
/// </summary>
internal static class TableEntityJson
{
    private const string TypeSuffix = "@odata.type";

    public static byte[] Write(TableEntity entity)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("PartitionKey", entity.PartitionKey);
            writer.WriteString("RowKey", entity.RowKey);
            foreach (var (name, value) in entity.Properties)
            {
                switch (value)
                {
                    case string text:
                        writer.WriteString(name, text);
                        break;
                    case int number:
                        writer.WriteNumber(name, number);
                        break;
                    case long number:
                        writer.WriteString(name, number.ToString(CultureInfo.InvariantCulture));
                        writer.WriteString(name + TypeSuffix, "Edm.Int64");
                        break;
                    case bool flag:
                        writer.WriteBoolean(name, flag);
                        break;
                    case byte[] bytes:
                        writer.WriteBase64String(name, bytes);
                        writer.WriteString(name + TypeSuffix, "Edm.Binary");
                        break;
                    case DateTimeOffset time:
                        writer.WriteString(name, time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture));
                        writer.WriteString(name + TypeSuffix, "Edm.DateTime");
                        break;
                    default:
                        throw new NotSupportedException($"Property '{name}' has a type Table Storage does not store here: {value.GetType().Name}.");
                }
            }

            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    public static TableEntity Read(JsonElement element)
    {
        var entity = new TableEntity(element.GetProperty("PartitionKey").GetString()!, element.GetProperty("RowKey").GetString()!);
        if (element.TryGetProperty("odata.etag", out var etag) && etag.GetString() is { } tag)
        {
            entity.ETag = new ETag(tag);
        }

        foreach (var property in element.EnumerateObject())
        {
            var name = property.Name;
            if (name is "PartitionKey" or "RowKey" or "Timestamp" || name.StartsWith("odata.", StringComparison.Ordinal) ||
                name.EndsWith(TypeSuffix, StringComparison.Ordinal))
            {
                continue;
            }

            var type = element.TryGetProperty(name + TypeSuffix, out var annotation) ? annotation.GetString() : null;
            entity[name] = ReadValue(property.Value, type);
        }

        return entity;
    }

    private static object? ReadValue(JsonElement value, string? type) => type switch
    {
        "Edm.Binary" => value.GetBytesFromBase64(),
        "Edm.Int64" => long.Parse(value.GetString()!, CultureInfo.InvariantCulture),
        "Edm.DateTime" => DateTimeOffset.Parse(value.GetString()!, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal),
        _ => value.ValueKind switch
        {
            JsonValueKind.String => value.GetString(),
            JsonValueKind.Number => value.TryGetInt32(out var i) ? (object)i : value.GetDouble(),
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            _ => null,
        },
    };
}
