using AgUi.Protocol.Messages;
using static AgUi.Protocol.Tests.Json.WireJson;

namespace AgUi.Protocol.Tests.Json;

/// <summary>Every message role of <c>@ag-ui/core</c> 1.0.0, with every content part and part source, as object and wire JSON.</summary>
internal static class MessageCases
{
    public static readonly IReadOnlyDictionary<string, (Message Message, string Json)> All =
        new Dictionary<string, (Message, string)>
        {
            ["developer full"] = (
                new DeveloperMessage { Id = "d1", Content = "Be brief.", Name = "ops", EncryptedValue = "enc", Metadata = Element("""{"k":"v"}"""), SubagentRunId = "s1" },
                """{"id":"d1","role":"developer","content":"Be brief.","name":"ops","encryptedValue":"enc","metadata":{"k":"v"},"subagentRunId":"s1"}"""),
            ["developer minimal"] = (
                new DeveloperMessage { Id = "d1", Content = "Be brief." },
                """{"id":"d1","role":"developer","content":"Be brief."}"""),
            ["system full"] = (
                new SystemMessage { Id = "s1", Content = "You are helpful.", Name = "sys", EncryptedValue = "enc" },
                """{"id":"s1","role":"system","content":"You are helpful.","name":"sys","encryptedValue":"enc"}"""),
            ["system minimal"] = (
                new SystemMessage { Id = "s1", Content = "You are helpful." },
                """{"id":"s1","role":"system","content":"You are helpful."}"""),
            ["assistant full"] = (
                new AssistantMessage
                {
                    Id = "a1", Content = "Let me check.", Name = "agent", EncryptedValue = "enc", Metadata = Element("""{"finish":"tool_calls"}"""),
                    ToolCalls =
                    [
                        new ToolCall
                        {
                            Id = "c1", Function = new FunctionCall { Name = "get_current_time", Arguments = """{"timeZone":"Europe/Paris"}""" },
                            EncryptedValue = "enc-call", Metadata = Element("""{"index":0}"""),
                        },
                        new ToolCall { Id = "c2", Function = new FunctionCall { Name = "confirm", Arguments = "" } },
                    ],
                },
                """
                {"id":"a1","role":"assistant","content":"Let me check.","name":"agent","encryptedValue":"enc","metadata":{"finish":"tool_calls"},
                 "toolCalls":[
                   {"id":"c1","type":"function","function":{"name":"get_current_time","arguments":"{\"timeZone\":\"Europe/Paris\"}"},
                    "encryptedValue":"enc-call","metadata":{"index":0}},
                   {"id":"c2","type":"function","function":{"name":"confirm","arguments":""}}]}
                """),
            ["assistant minimal"] = (
                new AssistantMessage { Id = "a1" },
                """{"id":"a1","role":"assistant"}"""),
            ["user text"] = (
                new UserMessage { Id = "u1", Content = "Hello", Name = "ada" },
                """{"id":"u1","role":"user","content":"Hello","name":"ada"}"""),
            ["user parts"] = (
                new UserMessage
                {
                    Id = "u1",
                    Content = MessageContent.FromParts(
                    [
                        new TextPart { Text = "Look:", Id = "p1", Metadata = Element("""{"lang":"en"}""") },
                        new ImagePart { Source = new DataSource { Value = "iVBORw0KGgo=", MimeType = "image/png" } },
                        new AudioPart { Source = new UrlSource { Value = "https://x/a.mp3" }, Id = "p3" },
                        new VideoPart { Source = new FileSource { Value = "file-123", Provider = "openai", MimeType = "video/mp4" } },
                        new DocumentPart { Source = new FileSource { Value = "file-9" }, Metadata = Element("""{"pages":3}""") },
                        new BinaryPart { MimeType = "application/pdf", Url = "https://x/d.pdf", Data = "JVBERi0=", Filename = "d.pdf", Id = "file-1" },
                    ]),
                },
                """
                {"id":"u1","role":"user","content":[
                  {"type":"text","id":"p1","text":"Look:","metadata":{"lang":"en"}},
                  {"type":"image","source":{"type":"data","value":"iVBORw0KGgo=","mimeType":"image/png"}},
                  {"type":"audio","id":"p3","source":{"type":"url","value":"https://x/a.mp3"}},
                  {"type":"video","source":{"type":"file","value":"file-123","provider":"openai","mimeType":"video/mp4"}},
                  {"type":"document","source":{"type":"file","value":"file-9"},"metadata":{"pages":3}},
                  {"type":"binary","mimeType":"application/pdf","id":"file-1","url":"https://x/d.pdf","data":"JVBERi0=","filename":"d.pdf"}]}
                """),
            ["tool text with error"] = (
                new ToolMessage { Id = "tm1", ToolCallId = "c1", Content = "failed", Error = "timeout", EncryptedValue = "enc" },
                """{"id":"tm1","role":"tool","content":"failed","toolCallId":"c1","error":"timeout","encryptedValue":"enc"}"""),
            ["tool parts"] = (
                new ToolMessage { Id = "tm1", ToolCallId = "c1", Content = MessageContent.FromParts([new TextPart { Text = "12:00" }]) },
                """{"id":"tm1","role":"tool","content":[{"type":"text","text":"12:00"}],"toolCallId":"c1"}"""),
            ["activity"] = (
                new ActivityMessage { Id = "act1", ActivityType = "PLAN", Content = Element("""{"steps":["a"]}"""), Metadata = Element("{}") },
                """{"id":"act1","role":"activity","activityType":"PLAN","content":{"steps":["a"]},"metadata":{}}"""),
            ["reasoning full"] = (
                new ReasoningMessage { Id = "r1", Content = "First, ...", EncryptedValue = "enc" },
                """{"id":"r1","role":"reasoning","content":"First, ...","encryptedValue":"enc"}"""),
            ["reasoning minimal"] = (
                new ReasoningMessage { Id = "r1", Content = "First, ..." },
                """{"id":"r1","role":"reasoning","content":"First, ..."}"""),
        };

    public static TheoryData<string> Names => [.. All.Keys];
}
