using System.Text.Json;
using AgUi.Protocol.Input;
using AgUi.Protocol.Messages;
using static AgUi.Protocol.Tests.Json.WireJson;

namespace AgUi.Protocol.Tests.Json;

public class RunAgentInputTests
{
    [Fact]
    public void Full_input_round_trips_with_parent_run_and_resume()
    {
        var json = """
            {"threadId":"t1","runId":"r2","parentRunId":"r1","protocolVersion":"1.0",
             "state":{"count":1},
             "messages":[{"id":"u1","role":"user","content":"hi"}],
             "tools":[{"name":"confirm","description":"Ask the user","parameters":{"type":"object","properties":{}},"metadata":{"ui":true}}],
             "context":[{"description":"locale","value":"fr-FR"}],
             "forwardedProps":{"x":1},
             "resume":[{"interruptId":"i1","status":"resolved","payload":{"ok":true},"metadata":{"by":"ada"}},
                       {"interruptId":"i2","status":"cancelled"}]}
            """;

        var input = DeserializeInput(json);

        Assert.Equal("r1", input.ParentRunId);
        Assert.Equal([ResumeStatus.Resolved, ResumeStatus.Cancelled], input.Resume!.Select(r => r.Status));
        Assert.True(input.HasState);
        AssertSameJson(json, Serialize(input));
    }

    [Fact]
    public void Constructed_input_writes_required_arrays_and_no_nulls()
    {
        var input = new RunAgentInput { ThreadId = "t1", RunId = "r1", Messages = [] };

        var written = Serialize(input);

        AssertSameJson("""{"threadId":"t1","runId":"r1","messages":[],"tools":[],"context":[]}""", written);
        AssertNoNullProperties(written);
    }

    [Fact]
    public void Unknown_fields_are_ignored_at_every_level()
    {
        var input = DeserializeInput("""
            {"threadId":"t1","runId":"r1","clientVersion":"9",
             "messages":[{"id":"u1","role":"user","content":[{"type":"text","text":"hi","lang":"en"}],"extra":{"a":[1]}},
                         {"id":"a1","role":"assistant","toolCalls":[{"id":"c1","type":"function","function":{"name":"f","arguments":"{}","strict":true},"index":0}]}],
             "tools":[{"name":"f","description":"d","parameters":{},"strict":false}],
             "context":[{"description":"d","value":"v","source":"x"}]}
            """);

        var text = Assert.IsType<TextPart>(Assert.Single(Assert.IsType<UserMessage>(input.Messages[0]).Content.Parts!));
        Assert.Equal("hi", text.Text);
        Assert.Equal("f", Assert.IsType<AssistantMessage>(input.Messages[1]).ToolCalls![0].Function.Name);
    }

    [Fact]
    public void Discriminators_need_not_come_first()
    {
        var input = DeserializeInput("""
            {"threadId":"t1","runId":"r1","messages":[
              {"content":[{"source":{"value":"https://x/i.png","type":"url"},"type":"image"}],"id":"u1","role":"user"},
              {"toolCallId":"c1","content":"ok","id":"tm1","role":"tool"}]}
            """);

        var image = Assert.IsType<ImagePart>(Assert.IsType<UserMessage>(input.Messages[0]).Content.Parts![0]);
        Assert.IsType<UrlSource>(image.Source);
        Assert.Equal("ok", Assert.IsType<ToolMessage>(input.Messages[1]).Content.Text);
    }

    [Fact]
    public void Null_state_and_missing_optional_arrays_mean_none()
    {
        var input = DeserializeInput("""{"threadId":"t1","runId":"r1","state":null,"messages":[]}""");

        Assert.False(input.HasState);
        Assert.Empty(input.Tools);
        Assert.Empty(input.Context);
        Assert.Null(input.Resume);
        AssertSameJson("""{"threadId":"t1","runId":"r1","messages":[],"tools":[],"context":[]}""", Serialize(input));
    }

    [Fact]
    public void Client_nulls_in_optional_fields_are_not_echoed()
    {
        var input = DeserializeInput("""
            {"threadId":"t1","runId":"r1","parentRunId":null,"forwardedProps":null,
             "messages":[{"id":"u1","role":"user","content":"hi","name":null,"metadata":null}],
             "tools":[{"name":"f","description":"d","parameters":null}]}
            """);

        var written = Serialize(input);

        AssertNoNullProperties(written);
        AssertSameJson("""
            {"threadId":"t1","runId":"r1","messages":[{"id":"u1","role":"user","content":"hi"}],
             "tools":[{"name":"f","description":"d"}],"context":[]}
            """, written);
    }

    [Fact]
    public void Input_from_a_0_0_39_client_is_read()
    {
        var input = DeserializeInput("""
            {"threadId":"t1","runId":"r3","state":{},"tools":[{"name":"confirm","description":"Ask","parameters":{"type":"object"}}],
             "context":[],"forwardedProps":{},
             "messages":[
               {"id":"s1","role":"system","content":"Be brief."},
               {"id":"u1","role":"user","content":"What time is it in Paris?"},
               {"id":"a1","role":"assistant","toolCalls":[{"id":"c1","type":"function","function":{"name":"confirm","arguments":"{}"}}]},
               {"id":"tm1","role":"tool","content":"yes","toolCallId":"c1","error":"none"}]}
            """);

        Assert.Equal(
            [typeof(SystemMessage), typeof(UserMessage), typeof(AssistantMessage), typeof(ToolMessage)],
            input.Messages.Select(m => m.GetType()));
        Assert.Null(Assert.IsType<AssistantMessage>(input.Messages[2]).Content);
        Assert.Equal("none", Assert.IsType<ToolMessage>(input.Messages[3]).Error);
        Assert.Equal("confirm", Assert.Single(input.Tools).Name);
        Assert.Null(input.Resume);
    }

    [Fact]
    public void Legacy_input_with_binary_parts_is_read()
    {
        // @ag-ui/client 0.0.4x-0.0.5x sends "binary" parts (0.0.39 itself sends string content only).
        var input = DeserializeInput("""
            {"threadId":"t1","runId":"r1","state":{},"forwardedProps":{},"tools":[],"context":[],
             "messages":[{"id":"u1","role":"user","content":[
               {"type":"text","text":"What is in this file?"},
               {"type":"binary","mimeType":"image/png","data":"iVBORw0KGgo=","filename":"a.png"},
               {"type":"binary","mimeType":"application/pdf","url":"https://x/d.pdf"},
               {"type":"binary","mimeType":"text/plain","id":"file-7"}]}]}
            """);

        var parts = Assert.IsType<UserMessage>(Assert.Single(input.Messages)).Content.Parts!;
        Assert.Equal("What is in this file?", parts[0] is TextPart t ? t.Text : null);
        var inline = Assert.IsType<BinaryPart>(parts[1]);
        Assert.Equal(("image/png", "iVBORw0KGgo=", "a.png"), (inline.MimeType, inline.Data, inline.Filename));
        Assert.Equal("https://x/d.pdf", Assert.IsType<BinaryPart>(parts[2]).Url);
        Assert.Equal("file-7", Assert.IsType<BinaryPart>(parts[3]).Id);
        Assert.False(input.HasState);
    }

    [Fact]
    public void Text_of_mixed_content_joins_the_text_parts()
    {
        var content = MessageContent.FromParts(
            [new TextPart { Text = "a" }, new ImagePart { Source = new UrlSource { Value = "u" } }, new TextPart { Text = "b" }]);

        Assert.Equal("a\nb", content.ToPlainText());
        Assert.Equal("plain", MessageContent.FromText("plain").ToPlainText());
    }

    [Fact]
    public void Content_that_is_neither_string_nor_array_is_rejected()
    {
        Assert.Throws<JsonException>(() =>
            DeserializeInput("""{"threadId":"t","runId":"r","messages":[{"id":"u","role":"user","content":{"text":"hi"}}]}"""));
    }
}
