using AgUi.Protocol.Messages;

namespace AgUi.Runtime.Threads;

/// <summary>Merges message lists by id, the way a thread's stored history and a client's messages combine.</summary>
internal static class MessageMerger
{
    /// <summary>
    /// <paramref name="stored"/> in its order, each message replaced by the incoming one with the same id,
    /// then the incoming messages with new ids in their order.
    /// </summary>
    public static List<Message> Merge(IReadOnlyList<Message> stored, IEnumerable<Message> incoming)
    {
        var merged = new List<Message>(stored);
        var positions = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < merged.Count; i++)
        {
            positions[merged[i].Id] = i;
        }

        foreach (var message in incoming)
        {
            if (positions.TryGetValue(message.Id, out var position))
            {
                merged[position] = message;
            }
            else
            {
                positions[message.Id] = merged.Count;
                merged.Add(message);
            }
        }

        return merged;
    }

    /// <summary>
    /// The latest <paramref name="max"/> messages, without leading tool results whose tool call fell
    /// outside the window (models refuse a tool result with no call before it).
    /// </summary>
    public static IReadOnlyList<Message> Window(IReadOnlyList<Message> messages, int max)
    {
        if (max <= 0 || messages.Count <= max)
        {
            return messages;
        }

        var start = messages.Count - max;
        while (start < messages.Count && messages[start] is ToolMessage)
        {
            start++;
        }

        return [.. messages.Skip(start)];
    }
}
