using System.Text.Json;
using AgUi.Protocol.Json;
using AgUi.Protocol.Messages;
using AgUi.Runtime.Threads;

namespace AgUi.Runtime.Tests.Threads;

internal static class ThreadTestData
{
    public static UserMessage User(string id, string text) => new() { Id = id, Content = text };

    public static AssistantMessage Assistant(string id, string text) => new() { Id = id, Content = text };

    public static JsonElement Json(string json) => JsonDocument.Parse(json).RootElement.Clone();

    public static string ToJson(IEnumerable<Message> messages) =>
        JsonSerializer.Serialize(messages.ToList(), AgUiJsonContext.Default.IReadOnlyListMessage);

    public static string ToJson(JsonElement element) => element.GetRawText();

    public static ThreadCommit Commit(IReadOnlyList<Message> messages, JsonElement state, string runId = "run") =>
        new(messages, state, new ThreadRunRecord(runId, DateTimeOffset.UtcNow, true, null));
}
