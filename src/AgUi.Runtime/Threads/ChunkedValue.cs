using Azure.Data.Tables;

namespace AgUi.Runtime.Threads;

/// <summary>
/// A byte value of any size in Table Storage: 64 KiB binary properties named <c>{prefix}00</c>,
/// <c>{prefix}01</c>… on the owner row (up to 10, leaving room for the owner's own properties), and the
/// rest on overflow rows <c>{owner}~{generation}~{part}</c> of 11 chunks each. The counts keep a row's
/// JSON (binary travels as base64) under 1 MiB, the entity limit as Azurite measures it.
/// Overflow rows carry the generation of the commit that wrote them, so a new value never overwrites
/// rows a reader of the previous commit still needs.
/// </summary>
internal static class ChunkedValue
{
    public const int ChunkBytes = 64 * 1024;
    public const int OwnerRowChunks = 10;
    public const int OverflowRowChunks = 11;

    /// <summary>The largest value that fits on its owner row alone.</summary>
    public const int OwnerRowCapacity = ChunkBytes * OwnerRowChunks;

    /// <summary>Puts <paramref name="value"/> on <paramref name="owner"/> and returns the overflow rows it needs, in order.</summary>
    public static List<TableEntity> Write(TableEntity owner, string prefix, ReadOnlyMemory<byte> value, int generation)
    {
        owner[prefix + "Length"] = value.Length;
        var offset = 0;
        for (var i = 0; i < OwnerRowChunks && offset < value.Length; i++, offset += ChunkBytes)
        {
            owner[ChunkName(prefix, i)] = Slice(value, offset);
        }

        var overflow = new List<TableEntity>();
        for (var part = 0; offset < value.Length; part++)
        {
            var row = new TableEntity(owner.PartitionKey, OverflowRowKey(owner.RowKey, generation, part));
            for (var i = 0; i < OverflowRowChunks && offset < value.Length; i++, offset += ChunkBytes)
            {
                row[ChunkName(prefix, i)] = Slice(value, offset);
            }

            overflow.Add(row);
        }

        if (overflow.Count > 0)
        {
            owner[prefix + "Rows"] = overflow.Count;
            owner[prefix + "Generation"] = generation;
        }

        return overflow;
    }

    /// <summary>
    /// Reassembles a value. Returns false when an overflow row is missing or short (the rows were read
    /// while a commit replaced them); <paramref name="value"/> is null when the owner holds no value.
    /// </summary>
    public static bool TryRead(TableEntity owner, string prefix, IReadOnlyDictionary<string, TableEntity> rows, out byte[]? value)
    {
        value = null;
        if (owner.GetInt32(prefix + "Length") is not { } length)
        {
            return true;
        }

        var buffer = new byte[length];
        var offset = CopyChunks(owner, prefix, buffer, 0);
        foreach (var key in OverflowRowKeys(owner, prefix))
        {
            if (!rows.TryGetValue(key, out var row))
            {
                return false;
            }

            offset = CopyChunks(row, prefix, buffer, offset);
        }

        if (offset != length)
        {
            return false;
        }

        value = buffer;
        return true;
    }

    /// <summary>The overflow rows the owner's value lives on.</summary>
    public static IEnumerable<string> OverflowRowKeys(TableEntity owner, string prefix)
    {
        var rows = owner.GetInt32(prefix + "Rows") ?? 0;
        var generation = owner.GetInt32(prefix + "Generation") ?? 0;
        return Enumerable.Range(0, rows).Select(part => OverflowRowKey(owner.RowKey, generation, part));
    }

    /// <summary>Copies the value's properties (inline chunks and overflow references) from one owner row to another.</summary>
    public static void CopyValue(TableEntity from, TableEntity to, string prefix)
    {
        foreach (var (name, value) in from.Where(p => p.Key.StartsWith(prefix, StringComparison.Ordinal)))
        {
            to[name] = value;
        }
    }

    private static int CopyChunks(TableEntity row, string prefix, byte[] buffer, int offset)
    {
        for (var i = 0; row.GetBinary(ChunkName(prefix, i)) is { } chunk && offset + chunk.Length <= buffer.Length; i++)
        {
            chunk.CopyTo(buffer, offset);
            offset += chunk.Length;
        }

        return offset;
    }

    private static byte[] Slice(ReadOnlyMemory<byte> value, int offset) =>
        value.Slice(offset, Math.Min(ChunkBytes, value.Length - offset)).ToArray();

    private static string ChunkName(string prefix, int index) => $"{prefix}{index:D2}";

    private static string OverflowRowKey(string ownerRowKey, int generation, int part) => $"{ownerRowKey}~{generation:D10}~{part:D4}";
}
