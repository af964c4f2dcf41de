using Azure;

namespace AgUi.Runtime.Storage;

/// <summary>
/// One Table Storage entity: its keys, its ETag once read or written, and typed properties
/// (<see cref="string"/>, <see cref="int"/>, <see cref="long"/>, <see cref="bool"/>, <see cref="byte"/> arrays
/// and <see cref="DateTimeOffset"/>), as in the Azure SDK's <c>TableEntity</c>.
/// </summary>
public sealed class TableEntity(string partitionKey, string rowKey)
{
    private readonly Dictionary<string, object> properties = new(StringComparer.Ordinal);

    public string PartitionKey { get; } = partitionKey;

    public string RowKey { get; } = rowKey;

    public ETag ETag { get; set; }

    public IReadOnlyDictionary<string, object> Properties => properties;

    public object? this[string name]
    {
        get => properties.GetValueOrDefault(name);
        set
        {
            if (value is null)
            {
                properties.Remove(name);
            }
            else
            {
                properties[name] = value;
            }
        }
    }

    public string? GetString(string name) => properties.GetValueOrDefault(name) as string;

    public int? GetInt32(string name) => properties.GetValueOrDefault(name) switch
    {
        int i => i,
        long l => checked((int)l),
        _ => null,
    };

    public byte[]? GetBinary(string name) => properties.GetValueOrDefault(name) as byte[];

    public DateTimeOffset? GetDateTimeOffset(string name) => properties.GetValueOrDefault(name) as DateTimeOffset?;
}
