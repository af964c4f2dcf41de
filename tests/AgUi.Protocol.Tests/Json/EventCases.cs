using AgUi.Protocol.Events;
using AgUi.Protocol.Messages;
using static AgUi.Protocol.Tests.Json.WireJson;

namespace AgUi.Protocol.Tests.Json;

/// <summary>
/// Every event of <c>@ag-ui/core</c> 1.0.0 as a C# object and as the wire JSON written by hand from the
/// package's <c>dist/*.d.ts</c>: a full form with every optional field and, where it has optional fields,
/// a minimal form with only the required ones.
/// </summary>
internal static class EventCases
{
    public static readonly IReadOnlyDictionary<string, (BaseEvent Event, string Json)> All =
        new Dictionary<string, (BaseEvent, string)>
        {
            ["RUN_STARTED full"] = (
                new RunStartedEvent
                {
                    ThreadId = "t1", RunId = "r2", ParentRunId = "r1", ProtocolVersion = "1.0", Timestamp = 1_700_000_000_123,
                    RawEvent = Element("""{"provider":"x"}"""), Metadata = Element("""{"k":1}"""),
                    Input = new()
                    {
                        ThreadId = "t1", RunId = "r2", Messages = [new UserMessage { Id = "u1", Content = "hi" }],
                    },
                },
                """
                {"type":"RUN_STARTED","threadId":"t1","runId":"r2","parentRunId":"r1","protocolVersion":"1.0",
                 "timestamp":1700000000123,"rawEvent":{"provider":"x"},"metadata":{"k":1},
                 "input":{"threadId":"t1","runId":"r2","messages":[{"id":"u1","role":"user","content":"hi"}],"tools":[],"context":[]}}
                """),
            ["RUN_STARTED minimal"] = (
                new RunStartedEvent { ThreadId = "t1", RunId = "r1" },
                """{"type":"RUN_STARTED","threadId":"t1","runId":"r1"}"""),
            ["RUN_FINISHED full success"] = (
                new RunFinishedEvent
                {
                    ThreadId = "t1", RunId = "r1", Result = Element("""{"answer":42}"""),
                    Outcome = new RunFinishedSuccessOutcome { PendingToolCallIds = ["c1"] },
                    Usage =
                    [
                        new TokenUsage
                        {
                            Provider = "openai", Model = "gpt", InputTokens = 10, OutputTokens = 5, TotalTokens = 15,
                            ReasoningTokens = 1, CachedInputTokens = 2, CacheWriteInputTokens = 3,
                        },
                    ],
                },
                """
                {"type":"RUN_FINISHED","threadId":"t1","runId":"r1","result":{"answer":42},
                 "outcome":{"type":"success","pendingToolCallIds":["c1"]},
                 "usage":[{"provider":"openai","model":"gpt","inputTokens":10,"outputTokens":5,"totalTokens":15,
                           "reasoningTokens":1,"cachedInputTokens":2,"cacheWriteInputTokens":3}]}
                """),
            ["RUN_FINISHED interrupt"] = (
                new RunFinishedEvent
                {
                    ThreadId = "t1", RunId = "r1",
                    Outcome = new RunFinishedInterruptOutcome
                    {
                        Interrupts =
                        [
                            new Interrupt
                            {
                                Id = "i1", Reason = "approval", Message = "Approve?", ToolCallId = "c1",
                                ResponseSchema = Element("""{"type":"boolean"}"""), ExpiresAt = "2026-01-01T00:00:00Z",
                                Metadata = Element("""{"m":true}"""),
                            },
                            new Interrupt { Id = "i2", Reason = "input" },
                        ],
                    },
                },
                """
                {"type":"RUN_FINISHED","threadId":"t1","runId":"r1","outcome":{"type":"interrupt","interrupts":[
                  {"id":"i1","reason":"approval","message":"Approve?","toolCallId":"c1","responseSchema":{"type":"boolean"},
                   "expiresAt":"2026-01-01T00:00:00Z","metadata":{"m":true}},
                  {"id":"i2","reason":"input"}]}}
                """),
            ["RUN_FINISHED cancelled"] = (
                new RunFinishedEvent { ThreadId = "t1", RunId = "r1", Outcome = new RunFinishedCancelledOutcome() },
                """{"type":"RUN_FINISHED","threadId":"t1","runId":"r1","outcome":{"type":"cancelled"}}"""),
            ["RUN_FINISHED minimal"] = (
                new RunFinishedEvent { ThreadId = "t1", RunId = "r1" },
                """{"type":"RUN_FINISHED","threadId":"t1","runId":"r1"}"""),
            ["RUN_ERROR full"] = (
                new RunErrorEvent { Message = "boom", Code = "AGENT_ERROR", Usage = [new TokenUsage { TotalTokens = 7 }] },
                """{"type":"RUN_ERROR","message":"boom","code":"AGENT_ERROR","usage":[{"totalTokens":7}]}"""),
            ["RUN_ERROR minimal"] = (
                new RunErrorEvent { Message = "boom" },
                """{"type":"RUN_ERROR","message":"boom"}"""),
            ["STEP_STARTED"] = (
                new StepStartedEvent { StepName = "plan", SubagentRunId = "s1" },
                """{"type":"STEP_STARTED","stepName":"plan","subagentRunId":"s1"}"""),
            ["STEP_FINISHED"] = (
                new StepFinishedEvent { StepName = "plan" },
                """{"type":"STEP_FINISHED","stepName":"plan"}"""),
            ["TEXT_MESSAGE_START full"] = (
                new TextMessageStartEvent { MessageId = "m1", Role = TextMessageRole.Assistant, Name = "helper" },
                """{"type":"TEXT_MESSAGE_START","messageId":"m1","role":"assistant","name":"helper"}"""),
            ["TEXT_MESSAGE_START minimal"] = (
                new TextMessageStartEvent { MessageId = "m1" },
                """{"type":"TEXT_MESSAGE_START","messageId":"m1"}"""),
            ["TEXT_MESSAGE_CONTENT"] = (
                new TextMessageContentEvent { MessageId = "m1", Delta = "Hello" },
                """{"type":"TEXT_MESSAGE_CONTENT","messageId":"m1","delta":"Hello"}"""),
            ["TEXT_MESSAGE_END"] = (
                new TextMessageEndEvent { MessageId = "m1" },
                """{"type":"TEXT_MESSAGE_END","messageId":"m1"}"""),
            ["TEXT_MESSAGE_CHUNK full"] = (
                new TextMessageChunkEvent { MessageId = "m1", Role = TextMessageRole.Developer, Delta = "x", Name = "n" },
                """{"type":"TEXT_MESSAGE_CHUNK","messageId":"m1","role":"developer","delta":"x","name":"n"}"""),
            ["TEXT_MESSAGE_CHUNK minimal"] = (
                new TextMessageChunkEvent(),
                """{"type":"TEXT_MESSAGE_CHUNK"}"""),
            ["TOOL_CALL_START full"] = (
                new ToolCallStartEvent { ToolCallId = "c1", ToolCallName = "get_current_time", ParentMessageId = "m1" },
                """{"type":"TOOL_CALL_START","toolCallId":"c1","toolCallName":"get_current_time","parentMessageId":"m1"}"""),
            ["TOOL_CALL_START minimal"] = (
                new ToolCallStartEvent { ToolCallId = "c1", ToolCallName = "f" },
                """{"type":"TOOL_CALL_START","toolCallId":"c1","toolCallName":"f"}"""),
            ["TOOL_CALL_ARGS"] = (
                new ToolCallArgsEvent { ToolCallId = "c1", Delta = """{"timeZone":""" },
                """{"type":"TOOL_CALL_ARGS","toolCallId":"c1","delta":"{\"timeZone\":"}"""),
            ["TOOL_CALL_END"] = (
                new ToolCallEndEvent { ToolCallId = "c1" },
                """{"type":"TOOL_CALL_END","toolCallId":"c1"}"""),
            ["TOOL_CALL_CHUNK full"] = (
                new ToolCallChunkEvent { ToolCallId = "c1", ToolCallName = "f", ParentMessageId = "m1", Delta = "{}" },
                """{"type":"TOOL_CALL_CHUNK","toolCallId":"c1","toolCallName":"f","parentMessageId":"m1","delta":"{}"}"""),
            ["TOOL_CALL_CHUNK minimal"] = (
                new ToolCallChunkEvent(),
                """{"type":"TOOL_CALL_CHUNK"}"""),
            ["TOOL_CALL_RESULT text"] = (
                new ToolCallResultEvent { MessageId = "tm1", ToolCallId = "c1", Content = "12:00", Role = ToolRole.Tool },
                """{"type":"TOOL_CALL_RESULT","messageId":"tm1","toolCallId":"c1","content":"12:00","role":"tool"}"""),
            ["TOOL_CALL_RESULT parts"] = (
                new ToolCallResultEvent
                {
                    MessageId = "tm1", ToolCallId = "c1",
                    Content = MessageContent.FromParts(
                    [
                        new TextPart { Text = "chart:" },
                        new ImagePart { Source = new UrlSource { Value = "https://x/c.png", MimeType = "image/png" } },
                    ]),
                },
                """
                {"type":"TOOL_CALL_RESULT","messageId":"tm1","toolCallId":"c1","content":[
                  {"type":"text","text":"chart:"},
                  {"type":"image","source":{"type":"url","value":"https://x/c.png","mimeType":"image/png"}}]}
                """),
            ["STATE_SNAPSHOT"] = (
                new StateSnapshotEvent { Snapshot = Element("""{"count":1,"items":["a"]}""") },
                """{"type":"STATE_SNAPSHOT","snapshot":{"count":1,"items":["a"]}}"""),
            ["STATE_DELTA"] = (
                new StateDeltaEvent
                {
                    Delta =
                    [
                        new JsonPatchOperation { Op = JsonPatchOp.Add, Path = "/a", Value = Element("1") },
                        new JsonPatchOperation { Op = JsonPatchOp.Remove, Path = "/b" },
                        new JsonPatchOperation { Op = JsonPatchOp.Replace, Path = "/c", Value = Element("""{"x":[1]}""") },
                        new JsonPatchOperation { Op = JsonPatchOp.Move, From = "/d", Path = "/e" },
                        new JsonPatchOperation { Op = JsonPatchOp.Copy, From = "/e", Path = "/f" },
                        new JsonPatchOperation { Op = JsonPatchOp.Test, Path = "/a", Value = Element("\"v\"") },
                    ],
                },
                """
                {"type":"STATE_DELTA","delta":[
                  {"op":"add","path":"/a","value":1},{"op":"remove","path":"/b"},{"op":"replace","path":"/c","value":{"x":[1]}},
                  {"op":"move","from":"/d","path":"/e"},{"op":"copy","from":"/e","path":"/f"},{"op":"test","path":"/a","value":"v"}]}
                """),
            ["MESSAGES_SNAPSHOT"] = (
                new MessagesSnapshotEvent
                {
                    Messages =
                    [
                        new UserMessage { Id = "u1", Content = "What time is it?" },
                        new AssistantMessage
                        {
                            Id = "a1",
                            ToolCalls = [new ToolCall { Id = "c1", Function = new FunctionCall { Name = "get_current_time", Arguments = "{}" } }],
                        },
                        new ToolMessage { Id = "tm1", ToolCallId = "c1", Content = "12:00" },
                    ],
                },
                """
                {"type":"MESSAGES_SNAPSHOT","messages":[
                  {"id":"u1","role":"user","content":"What time is it?"},
                  {"id":"a1","role":"assistant","toolCalls":[{"id":"c1","type":"function","function":{"name":"get_current_time","arguments":"{}"}}]},
                  {"id":"tm1","role":"tool","content":"12:00","toolCallId":"c1"}]}
                """),
            ["ACTIVITY_SNAPSHOT full"] = (
                new ActivitySnapshotEvent { MessageId = "act1", ActivityType = "PLAN", Content = Element("""{"steps":[]}"""), Replace = false },
                """{"type":"ACTIVITY_SNAPSHOT","messageId":"act1","activityType":"PLAN","content":{"steps":[]},"replace":false}"""),
            ["ACTIVITY_SNAPSHOT minimal"] = (
                new ActivitySnapshotEvent { MessageId = "act1", ActivityType = "PLAN", Content = Element("{}") },
                """{"type":"ACTIVITY_SNAPSHOT","messageId":"act1","activityType":"PLAN","content":{}}"""),
            ["ACTIVITY_DELTA"] = (
                new ActivityDeltaEvent
                {
                    MessageId = "act1", ActivityType = "PLAN",
                    Patch = [new JsonPatchOperation { Op = JsonPatchOp.Add, Path = "/steps/-", Value = Element("\"one\"") }],
                },
                """{"type":"ACTIVITY_DELTA","messageId":"act1","activityType":"PLAN","patch":[{"op":"add","path":"/steps/-","value":"one"}]}"""),
            ["REASONING_START"] = (
                new ReasoningStartEvent { MessageId = "r1" },
                """{"type":"REASONING_START","messageId":"r1"}"""),
            ["REASONING_MESSAGE_START"] = (
                new ReasoningMessageStartEvent { MessageId = "r1" },
                """{"type":"REASONING_MESSAGE_START","messageId":"r1","role":"reasoning"}"""),
            ["REASONING_MESSAGE_CONTENT"] = (
                new ReasoningMessageContentEvent { MessageId = "r1", Delta = "thinking" },
                """{"type":"REASONING_MESSAGE_CONTENT","messageId":"r1","delta":"thinking"}"""),
            ["REASONING_MESSAGE_END"] = (
                new ReasoningMessageEndEvent { MessageId = "r1" },
                """{"type":"REASONING_MESSAGE_END","messageId":"r1"}"""),
            ["REASONING_MESSAGE_CHUNK full"] = (
                new ReasoningMessageChunkEvent { MessageId = "r1", Delta = "d" },
                """{"type":"REASONING_MESSAGE_CHUNK","messageId":"r1","delta":"d"}"""),
            ["REASONING_MESSAGE_CHUNK minimal"] = (
                new ReasoningMessageChunkEvent(),
                """{"type":"REASONING_MESSAGE_CHUNK"}"""),
            ["REASONING_END"] = (
                new ReasoningEndEvent { MessageId = "r1" },
                """{"type":"REASONING_END","messageId":"r1"}"""),
            ["REASONING_ENCRYPTED_VALUE tool-call"] = (
                new ReasoningEncryptedValueEvent { Subtype = ReasoningEncryptedValueSubtype.ToolCall, EntityId = "c1", EncryptedValue = "enc" },
                """{"type":"REASONING_ENCRYPTED_VALUE","subtype":"tool-call","entityId":"c1","encryptedValue":"enc"}"""),
            ["REASONING_ENCRYPTED_VALUE message"] = (
                new ReasoningEncryptedValueEvent { Subtype = ReasoningEncryptedValueSubtype.Message, EntityId = "m1", EncryptedValue = "enc" },
                """{"type":"REASONING_ENCRYPTED_VALUE","subtype":"message","entityId":"m1","encryptedValue":"enc"}"""),
            ["SUBAGENT_STARTED full"] = (
                new SubagentStartedEvent
                {
                    SubagentRunId = "s2", Name = "researcher", Description = "looks things up",
                    ParentSubagentRunId = "s1", ParentToolCallId = "c1", ParentMessageId = "m1",
                },
                """
                {"type":"SUBAGENT_STARTED","subagentRunId":"s2","name":"researcher","description":"looks things up",
                 "parentSubagentRunId":"s1","parentToolCallId":"c1","parentMessageId":"m1"}
                """),
            ["SUBAGENT_STARTED minimal"] = (
                new SubagentStartedEvent { SubagentRunId = "s2", Name = "researcher" },
                """{"type":"SUBAGENT_STARTED","subagentRunId":"s2","name":"researcher"}"""),
            ["SUBAGENT_FINISHED success"] = (
                new SubagentFinishedEvent { SubagentRunId = "s2", Result = Element("\"done\""), Outcome = new SubagentFinishedSuccessOutcome() },
                """{"type":"SUBAGENT_FINISHED","subagentRunId":"s2","result":"done","outcome":{"type":"success"}}"""),
            ["SUBAGENT_FINISHED suspended"] = (
                new SubagentFinishedEvent { SubagentRunId = "s2", Outcome = new SubagentFinishedSuspendedOutcome { InterruptIds = ["i1"] } },
                """{"type":"SUBAGENT_FINISHED","subagentRunId":"s2","outcome":{"type":"suspended","interruptIds":["i1"]}}"""),
            ["SUBAGENT_FINISHED minimal"] = (
                new SubagentFinishedEvent { SubagentRunId = "s2" },
                """{"type":"SUBAGENT_FINISHED","subagentRunId":"s2"}"""),
            ["SUBAGENT_ERROR full"] = (
                new SubagentErrorEvent { SubagentRunId = "s2", Message = "failed", Code = "E" },
                """{"type":"SUBAGENT_ERROR","subagentRunId":"s2","message":"failed","code":"E"}"""),
            ["SUBAGENT_ERROR minimal"] = (
                new SubagentErrorEvent { SubagentRunId = "s2", Message = "failed" },
                """{"type":"SUBAGENT_ERROR","subagentRunId":"s2","message":"failed"}"""),
            ["RAW full"] = (
                new RawEvent { Event = Element("""{"id":"chatcmpl-1"}"""), Source = "openai" },
                """{"type":"RAW","event":{"id":"chatcmpl-1"},"source":"openai"}"""),
            ["RAW minimal"] = (
                new RawEvent { Event = Element("[1,2]") },
                """{"type":"RAW","event":[1,2]}"""),
            ["CUSTOM"] = (
                new CustomEvent { Name = "progress", Value = Element("0.5") },
                """{"type":"CUSTOM","name":"progress","value":0.5}"""),
        };

    public static TheoryData<string> Names => [.. All.Keys];
}
