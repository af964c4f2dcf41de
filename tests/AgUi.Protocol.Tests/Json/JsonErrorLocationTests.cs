using AgUi.Protocol.Json;
using static AgUi.Protocol.Tests.Json.WireJson;

namespace AgUi.Protocol.Tests.Json;

public class JsonErrorLocationTests
{
    public static TheoryData<string, string> BadInputs => new()
    {
        { """{"threadId":""", "$.threadId" },
        { "not json at all", "$" },
        { "[]", "$" },
        { """{"threadId":null,"runId":"r","messages":[]}""", "$.threadId" },
        { """{"ThreadId":"t","messages":[]}""", "$.runId" },
        { """{"threadId":"t","runId":"r","messages":{}}""", "$.messages" },
        { """{"threadId":"t","runId":"r","messages":[{"role":"user","content":"hi"}]}""", "$.messages[0].id" },
        { """{"runId":"r","messages":[]}""", "$.threadId" },
        { """{"threadId":"t","runId":"r"}""", "$.messages" },
        { """{"threadId":1,"runId":"r","messages":[]}""", "$.threadId" },
        { """{"threadId":"t","runId":"r","messages":[{"id":"u","role":"user"}]}""", "$.messages[0].content" },
        { """{"threadId":"t","runId":"r","messages":[{"id":"u","role":"bot","content":"x"}]}""", "$.messages[0]" },
        { """{"threadId":"t","runId":"r","messages":[{"id":"u","role":"user","content":{"a":1}}]}""", "$.messages[0].content" },
        { """{"threadId":"t","runId":"r","messages":[{"id":"s","role":"system","content":"x"},{"id":"u","role":"user","content":[{"type":"sticker"}]}]}""", "$.messages[1].content[0]" },
        { """{"threadId":"t","runId":"r","messages":[{"id":"u","role":"user","content":[{"type":"text","text":"a"},{"type":"text"}]}]}""", "$.messages[0].content[1].text" },
        { """{"threadId":"t","runId":"r","messages":[{"id":"u","role":"tool","toolCallId":"c","content":[{"type":"image","source":{"type":"ftp","value":"x"}}]}]}""", "$.messages[0].content[0].source" },
        { """{"threadId":"t","runId":"r","messages":[{"id":"u","role":"user","content":[{"type":"image","source":{"type":"data","value":"x"}}]}]}""", "$.messages[0].content[0].source.mimeType" },
        { """{"threadId":"t","runId":"r","messages":[],"tools":[{"name":"f"}]}""", "$.tools[0].description" },
        { """{"threadId":"t","runId":"r","messages":[{"id":"u","content":"x"}]}""", "$.messages[0].role" },
        { """{"threadId":"t","runId":"r","messages":[{"id":"u","role":"user","content":[{"type":"text","text":"a"},{"text":"x"}]}]}""", "$.messages[0].content[1].type" },
        { """{"threadId":"t","runId":"r","messages":[],"resume":[{"interruptId":"i","status":"maybe"}]}""", "$.resume[0].status" },
    };

    [Theory]
    [MemberData(nameof(BadInputs))]
    public void Error_names_the_offending_field(string json, string field)
    {
        var error = JsonErrorLocation.Locate(Record.Exception(() => DeserializeInput(json))!);

        Assert.Equal(field, error?.Field);
    }

    public static TheoryData<string, string> Descriptions => new()
    {
        { """{"runId":"r","messages":[]}""", "The required field 'threadId' is missing." },
        { """{"threadId":"t","runId":"r","messages":[{"id":"u","role":"user","content":[{"type":"sticker"}]}]}""", "'sticker' is not a role or type this protocol defines." },
        { """{"threadId":"t","runId":"r","messages":[{"id":"u","content":"x"}]}""", "The required field 'role' is missing." },
        { """{"threadId":1,"runId":"r","messages":[]}""", "The value has the wrong JSON type or is not one of the allowed values." },
        { """{"threadId":"t","runId":"r","messages":[{"id":"u","role":"user","content":{"a":1}}]}""", "content must be a string or an array of content parts." },
    };

    [Theory]
    [MemberData(nameof(Descriptions))]
    public void Description_says_what_is_wrong_without_positions_or_type_names(string json, string description)
    {
        var error = JsonErrorLocation.Locate(Record.Exception(() => DeserializeInput(json))!);

        Assert.Equal(description, error?.Detail);
    }

    [Fact]
    public void Other_exceptions_are_not_json_errors()
    {
        Assert.Null(JsonErrorLocation.Locate(new InvalidOperationException("Path: $.x | no")));
        Assert.Null(JsonErrorLocation.Locate(new NotSupportedException("no path here")));
    }
}
