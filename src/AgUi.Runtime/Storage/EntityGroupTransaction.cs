using System.Text.Json;
using Azure.Data.Tables;

namespace AgUi.Runtime.Storage;

/// <summary>
/// The limits of one entity group transaction that Azure.Data.Tables does not check: at most 100
/// actions and 4 MiB of request body. Over 100 actions Azurite answers with a reply the SDK cannot
/// parse, and the SDK has no entity-size API, so the store splits its writes with these.
/// </summary>
internal static class EntityGroupTransaction
{
    public const int MaxActions = 100;

    // The service's limit is 4 MiB per transaction; the rest is room for the estimate's error.
    public const int MaxBodyBytes = (4 * 1024 * 1024) - (256 * 1024);

    // Per action: the multipart boundary and headers, the request line with the entity's URL, and the
    // PartitionKey/RowKey/odata properties of its JSON.
    private const int ActionOverheadBytes = 1024;

    // Per property: quotes, colon, comma, and an "@odata.type" annotation for binary, 64-bit and date values.
    private const int PropertyOverheadBytes = 48;

    /// <summary>
    /// An upper estimate of what <paramref name="entity"/> adds to a transaction body: its JSON as
    /// the SDK writes it (binary as base64, strings JSON-escaped) plus the action's framing.
    /// </summary>
    public static int EstimateBytes(TableEntity entity)
    {
        ArgumentNullException.ThrowIfNull(entity);
        var bytes = ActionOverheadBytes;
        foreach (var (name, value) in entity)
        {
            bytes += PropertyOverheadBytes + EscapedLength(name) + value switch
            {
                byte[] binary => (binary.Length + 2) / 3 * 4,
                string text => EscapedLength(text),
                _ => 40,
            };
        }

        return bytes;
    }

    private static int EscapedLength(string text) => JsonEncodedText.Encode(text).EncodedUtf8Bytes.Length;
}
