using System.Globalization;
using System.Text;
using Azure;

namespace AgUi.Runtime.Storage;

/// <summary>
/// The <c>multipart/mixed</c> body of an entity group transaction (one changeset holding every
/// action) and the reading of the service's multipart answer, one embedded HTTP response per action.
/// </summary>
internal static class TableBatchBody
{
    public static byte[] Write(IReadOnlyList<TableTransactionAction> actions, string batchBoundary, string tableUri)
    {
        var changesetBoundary = $"changeset_{Guid.NewGuid():N}";
        using var body = new MemoryStream();
        Append(body, $"--{batchBoundary}\r\nContent-Type: multipart/mixed; boundary={changesetBoundary}\r\n\r\n");
        foreach (var action in actions)
        {
            var entity = action.Entity;
            var entityUri = $"{tableUri}(PartitionKey='{EscapeKey(entity.PartitionKey)}',RowKey='{EscapeKey(entity.RowKey)}')";
            var (method, uri, sendsBody, ifMatch) = action.ActionType switch
            {
                TableTransactionActionType.Add => ("POST", tableUri, true, null),
                TableTransactionActionType.UpsertReplace => ("PUT", entityUri, true, null),
                TableTransactionActionType.UpdateReplace => ("PUT", entityUri, true, IfMatch(action.ETag)),
                TableTransactionActionType.UpdateMerge => ("MERGE", entityUri, true, IfMatch(action.ETag)),
                TableTransactionActionType.Delete => ("DELETE", entityUri, false, IfMatch(action.ETag)),
                _ => throw new ArgumentOutOfRangeException(nameof(actions), action.ActionType, "Unknown action type."),
            };

            var head = new StringBuilder()
                .Append(CultureInfo.InvariantCulture, $"--{changesetBoundary}\r\nContent-Type: application/http\r\nContent-Transfer-Encoding: binary\r\n\r\n")
                .Append(CultureInfo.InvariantCulture, $"{method} {uri} HTTP/1.1\r\n")
                .Append("Accept: application/json;odata=minimalmetadata\r\nPrefer: return-no-content\r\nDataServiceVersion: 3.0\r\n");
            if (ifMatch is not null)
            {
                head.Append(CultureInfo.InvariantCulture, $"If-Match: {ifMatch}\r\n");
            }

            if (sendsBody)
            {
                head.Append("Content-Type: application/json\r\n\r\n");
                Append(body, head.ToString());
                body.Write(TableEntityJson.Write(entity));
                Append(body, "\r\n");
            }
            else
            {
                head.Append("\r\n");
                Append(body, head.ToString());
            }
        }

        Append(body, $"--{changesetBoundary}--\r\n--{batchBoundary}--\r\n");
        return body.ToArray();
    }

    /// <summary>The embedded responses in order: status, ETag header and body.</summary>
    public static List<BatchPartResponse> ReadResponses(string multipart)
    {
        var parts = new List<BatchPartResponse>();
        var lines = multipart.Split('\n').Select(l => l.TrimEnd('\r')).ToArray();
        for (var i = 0; i < lines.Length; i++)
        {
            if (!lines[i].StartsWith("HTTP/1.1 ", StringComparison.Ordinal))
            {
                continue;
            }

            var status = int.Parse(lines[i].AsSpan(9, 3), CultureInfo.InvariantCulture);
            string? etag = null;
            for (i++; i < lines.Length && lines[i].Length > 0; i++)
            {
                var colon = lines[i].IndexOf(':', StringComparison.Ordinal);
                if (colon > 0 && lines[i].AsSpan(0, colon).Equals("ETag", StringComparison.OrdinalIgnoreCase))
                {
                    etag = lines[i][(colon + 1)..].Trim();
                }
            }

            var body = new StringBuilder();
            for (i++; i < lines.Length && !lines[i].StartsWith("--", StringComparison.Ordinal); i++)
            {
                body.Append(lines[i]).Append('\n');
            }

            i--;
            parts.Add(new BatchPartResponse(status, etag, body.ToString()));
        }

        return parts;
    }

    private static string IfMatch(ETag etag) => etag == default ? "*" : etag.ToString("H");

    private static string EscapeKey(string key) => Uri.EscapeDataString(key.Replace("'", "''", StringComparison.Ordinal));

    private static void Append(MemoryStream stream, string text) => stream.Write(Encoding.UTF8.GetBytes(text));
}

internal readonly record struct BatchPartResponse(int Status, string? ETag, string Body);
