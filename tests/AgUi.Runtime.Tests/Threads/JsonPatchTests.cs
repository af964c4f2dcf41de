using System.Text.Json;
using System.Text.Json.Nodes;
using AgUi.Protocol.Events;
using AgUi.Protocol.Json;
using AgUi.Runtime.Threads;

namespace AgUi.Runtime.Tests.Threads;

public sealed class JsonPatchTests
{
    // Cases from RFC 6902 appendix A, plus pointer escaping (RFC 6901).
    [Theory]
    [InlineData("""{"foo":"bar"}""", """[{"op":"add","path":"/baz","value":"qux"}]""", """{"foo":"bar","baz":"qux"}""")]
    [InlineData("""{"foo":["bar","baz"]}""", """[{"op":"add","path":"/foo/1","value":"qux"}]""", """{"foo":["bar","qux","baz"]}""")]
    [InlineData("""{"baz":"qux","foo":"bar"}""", """[{"op":"remove","path":"/baz"}]""", """{"foo":"bar"}""")]
    [InlineData("""{"foo":["bar","qux","baz"]}""", """[{"op":"remove","path":"/foo/1"}]""", """{"foo":["bar","baz"]}""")]
    [InlineData("""{"baz":"qux","foo":"bar"}""", """[{"op":"replace","path":"/baz","value":"boo"}]""", """{"baz":"boo","foo":"bar"}""")]
    [InlineData("""{"foo":{"bar":"baz","waldo":"fred"},"qux":{"corge":"grault"}}""", """[{"op":"move","from":"/foo/waldo","path":"/qux/thud"}]""", """{"foo":{"bar":"baz"},"qux":{"corge":"grault","thud":"fred"}}""")]
    [InlineData("""{"foo":["all","grass","cows","eat"]}""", """[{"op":"move","from":"/foo/1","path":"/foo/3"}]""", """{"foo":["all","cows","eat","grass"]}""")]
    [InlineData("""{"baz":"qux","foo":["a",2,"c"]}""", """[{"op":"test","path":"/baz","value":"qux"},{"op":"test","path":"/foo/1","value":2}]""", """{"baz":"qux","foo":["a",2,"c"]}""")]
    [InlineData("""{"foo":"bar"}""", """[{"op":"add","path":"/child","value":{"grandchild":{}}}]""", """{"foo":"bar","child":{"grandchild":{}}}""")]
    [InlineData("""{"foo":["bar"]}""", """[{"op":"add","path":"/foo/-","value":["abc","def"]}]""", """{"foo":["bar",["abc","def"]]}""")]
    [InlineData("""{"foo":null}""", """[{"op":"test","path":"/foo","value":null}]""", """{"foo":null}""")]
    [InlineData("""{"a":{"b":1}}""", """[{"op":"copy","from":"/a","path":"/c"},{"op":"replace","path":"/c/b","value":2}]""", """{"a":{"b":1},"c":{"b":2}}""")]
    [InlineData("""{"a/b":1,"m~n":2}""", """[{"op":"replace","path":"/a~1b","value":3},{"op":"remove","path":"/m~0n"}]""", """{"a/b":3}""")]
    [InlineData("""{"a":1}""", """[{"op":"replace","path":"","value":[1,2]}]""", """[1,2]""")]
    public void ValidPatchesApply(string document, string patch, string expected)
    {
        var result = JsonPatch.Apply(JsonNode.Parse(document), Operations(patch));

        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(expected), result), result?.ToJsonString());
    }

    [Theory]
    [InlineData("""{"foo":"bar"}""", """[{"op":"add","path":"/baz/bat","value":"qux"}]""")]
    [InlineData("""{"baz":"qux"}""", """[{"op":"test","path":"/baz","value":"bar"}]""")]
    [InlineData("""{"foo":["bar"]}""", """[{"op":"add","path":"/foo/5","value":1}]""")]
    [InlineData("""{"foo":["bar"]}""", """[{"op":"remove","path":"/foo/01"}]""")]
    [InlineData("""{"foo":1}""", """[{"op":"remove","path":"/missing"}]""")]
    [InlineData("""{"foo":1}""", """[{"op":"replace","path":"/missing","value":1}]""")]
    [InlineData("""{"foo":1}""", """[{"op":"add","path":"/bar"}]""")]
    [InlineData("""{"foo":1}""", """[{"op":"move","path":"/bar"}]""")]
    [InlineData("""{"a":{"b":{}}}""", """[{"op":"move","from":"/a","path":"/a/b/c"}]""")]
    [InlineData("""{"foo":1}""", """[{"op":"add","path":"foo","value":1}]""")]
    [InlineData("""{"foo":1}""", """[{"op":"add","path":"/~2","value":1}]""")]
    [InlineData("""{"foo":1}""", """[{"op":"remove","path":""}]""")]
    public void InvalidPatchesFailAndLeaveTheDocumentUnchanged(string document, string patch)
    {
        var node = JsonNode.Parse(document);

        Assert.Throws<JsonPatchException>(() => JsonPatch.Apply(node, Operations(patch)));
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(document), node));
    }

    [Fact]
    public void APatchAppliesAllOrNothing()
    {
        var node = JsonNode.Parse("""{"n":1}""");

        var failure = Assert.Throws<JsonPatchException>(() => JsonPatch.Apply(node,
            Operations("""[{"op":"replace","path":"/n","value":2},{"op":"remove","path":"/missing"}]""")));

        Assert.StartsWith("Operation 1 (remove \"/missing\")", failure.Message, StringComparison.Ordinal);
        Assert.Equal("""{"n":1}""", node!.ToJsonString());
    }

    private static IReadOnlyList<JsonPatchOperation> Operations(string json) =>
        JsonSerializer.Deserialize(json, AgUiJsonContext.Default.IReadOnlyListJsonPatchOperation)!;
}
