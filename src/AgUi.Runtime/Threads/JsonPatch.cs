using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using AgUi.Protocol.Events;

namespace AgUi.Runtime.Threads;

/// <summary>
/// RFC 6902 JSON Patch over <see cref="JsonNode"/> (add, remove, replace, move, copy, test, with
/// RFC 6901 pointers). A patch applies as a whole or not at all. Hand-written because
/// Microsoft.AspNetCore.JsonPatch.SystemTextJson 10.0.15 passed 31 of 42 RFC 6902 cases this passes: it
/// cannot patch the whole document or the empty key, refuses a test against null, accepts a path without
/// a leading '/', an add or replace without value, a leading-zero index and an unknown op, and leaves
/// earlier operations applied when a later one fails (README, "What is written by hand, and why").
/// </summary>
public static class JsonPatch
{
    /// <summary>Applies <paramref name="operations"/> to a copy of <paramref name="document"/> and returns the result.</summary>
    /// <exception cref="JsonPatchException">An operation is invalid or does not apply; the document is untouched.</exception>
    public static JsonNode? Apply(JsonNode? document, IReadOnlyList<JsonPatchOperation> operations)
    {
        ArgumentNullException.ThrowIfNull(operations);
        var root = document?.DeepClone();
        for (var i = 0; i < operations.Count; i++)
        {
            var operation = operations[i];
            try
            {
                root = ApplyOne(root, operation);
            }
            catch (JsonPatchException ex)
            {
                throw new JsonPatchException($"Operation {i} ({operation.Op.ToString().ToLowerInvariant()} \"{operation.Path}\"): {ex.Message}");
            }
        }

        return root;
    }

    private static JsonNode? ApplyOne(JsonNode? root, JsonPatchOperation operation)
    {
        var path = ParsePointer(operation.Path);
        switch (operation.Op)
        {
            case JsonPatchOp.Add:
                return Add(root, path, ValueOf(operation));
            case JsonPatchOp.Remove:
                Remove(root, path);
                return root;
            case JsonPatchOp.Replace:
                return Replace(root, path, ValueOf(operation));
            case JsonPatchOp.Move:
            {
                var from = ParsePointer(operation.From ?? throw new JsonPatchException("\"from\" is required."));
                if (from.SequenceEqual(path))
                {
                    return root;
                }

                if (path.Length > from.Length && path.Take(from.Length).SequenceEqual(from))
                {
                    throw new JsonPatchException("A value cannot be moved into one of its own children.");
                }

                return Add(root, path, Remove(root, from));
            }

            case JsonPatchOp.Copy:
            {
                var from = ParsePointer(operation.From ?? throw new JsonPatchException("\"from\" is required."));
                return Add(root, path, Get(root, from)?.DeepClone());
            }

            case JsonPatchOp.Test:
                if (!JsonNode.DeepEquals(Get(root, path), ValueOf(operation)))
                {
                    throw new JsonPatchException("The test failed: the value differs.");
                }

                return root;
            default:
                throw new JsonPatchException("Unknown operation.");
        }
    }

    private static JsonNode? Add(JsonNode? root, string[] path, JsonNode? value)
    {
        if (path.Length == 0)
        {
            return value;
        }

        var last = path[^1];
        switch (Get(root, path.AsSpan(0, path.Length - 1)))
        {
            case JsonObject parent:
                parent[last] = value;
                break;
            case JsonArray parent:
                if (last == "-")
                {
                    parent.Add(value);
                }
                else
                {
                    parent.Insert(ArrayIndex(last, parent.Count + 1), value);
                }

                break;
            default:
                throw new JsonPatchException("The parent of the target is not an object or an array.");
        }

        return root;
    }

    private static JsonNode? Remove(JsonNode? root, string[] path)
    {
        if (path.Length == 0)
        {
            throw new JsonPatchException("The whole document cannot be removed.");
        }

        var last = path[^1];
        switch (Get(root, path.AsSpan(0, path.Length - 1)))
        {
            case JsonObject parent when parent.TryGetPropertyValue(last, out var value):
                parent.Remove(last);
                return value;
            case JsonArray parent:
            {
                var index = ArrayIndex(last, parent.Count);
                var value = parent[index];
                parent.RemoveAt(index);
                return value;
            }

            default:
                throw new JsonPatchException("The target does not exist.");
        }
    }

    private static JsonNode? Replace(JsonNode? root, string[] path, JsonNode? value)
    {
        if (path.Length == 0)
        {
            return value;
        }

        var last = path[^1];
        switch (Get(root, path.AsSpan(0, path.Length - 1)))
        {
            case JsonObject parent when parent.ContainsKey(last):
                parent[last] = value;
                break;
            case JsonArray parent:
                parent[ArrayIndex(last, parent.Count)] = value;
                break;
            default:
                throw new JsonPatchException("The target does not exist.");
        }

        return root;
    }

    private static JsonNode? Get(JsonNode? root, ReadOnlySpan<string> path)
    {
        var current = root;
        foreach (var token in path)
        {
            current = current switch
            {
                JsonObject obj when obj.TryGetPropertyValue(token, out var child) => child,
                JsonArray array => array[ArrayIndex(token, array.Count)],
                _ => throw new JsonPatchException("The path does not exist."),
            };
        }

        return current;
    }

    /// <summary>An array index: digits without leading zeros, below <paramref name="limit"/>.</summary>
    private static int ArrayIndex(string token, int limit)
    {
        if (token.Length == 0 || token.Any(c => !char.IsAsciiDigit(c)) || (token.Length > 1 && token[0] == '0') ||
            !int.TryParse(token, NumberStyles.None, CultureInfo.InvariantCulture, out var index) || index >= limit)
        {
            throw new JsonPatchException($"\"{token}\" is not an index within the array.");
        }

        return index;
    }

    private static string[] ParsePointer(string pointer)
    {
        if (pointer.Length == 0)
        {
            return [];
        }

        if (pointer[0] != '/')
        {
            throw new JsonPatchException("A JSON Pointer is empty or starts with '/'.");
        }

        return [.. pointer[1..].Split('/').Select(UnescapeToken)];
    }

    private static string UnescapeToken(string token)
    {
        for (var i = token.IndexOf('~', StringComparison.Ordinal); i >= 0; i = token.IndexOf('~', i + 1))
        {
            if (i + 1 >= token.Length || token[i + 1] is not ('0' or '1'))
            {
                throw new JsonPatchException("'~' in a JSON Pointer must be followed by 0 or 1.");
            }
        }

        return token.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal);
    }

    private static JsonNode? ValueOf(JsonPatchOperation operation) =>
        operation.Value.ValueKind == JsonValueKind.Undefined
            ? throw new JsonPatchException("\"value\" is required.")
            : StateJson.ToNode(operation.Value);
}

/// <summary>A JSON Patch that cannot be applied.</summary>
public sealed class JsonPatchException(string message) : Exception(message);
