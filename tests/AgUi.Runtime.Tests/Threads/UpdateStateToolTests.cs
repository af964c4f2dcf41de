using System.Text.Json.Nodes;
using AgUi.Protocol.Events;
using AgUi.Protocol.Input;
using AgUi.Runtime.Threads;
using AgUi.Runtime.Tools;
using static AgUi.Runtime.Tests.Threads.ThreadTestData;

namespace AgUi.Runtime.Tests.Threads;

public sealed class UpdateStateToolTests
{
    private readonly UpdateStateTool tool = new();

    [Fact]
    public async Task AValidPatchChangesTheStateAndEmitsTheSameOperationsAsStateDelta()
    {
        var context = Context("""{"todos":[{"title":"milk","done":false}]}""");

        var result = await tool.InvokeAsync(Json("""{"operations":[{"op":"replace","path":"/todos/0/done","value":true},{"op":"add","path":"/todos/-","value":{"title":"eggs","done":false}}]}"""), context, default);

        Assert.False(result.IsError);
        Assert.Equal("""{"todos":[{"title":"milk","done":true},{"title":"eggs","done":false}]}""", context.State.Current!.ToJsonString());
        var delta = Assert.IsType<StateDeltaEvent>(Assert.Single(context.PendingEvents));
        Assert.Equal([JsonPatchOp.Replace, JsonPatchOp.Add], delta.Delta.Select(o => o.Op));
        Assert.Equal("/todos/-", delta.Delta[1].Path);
    }

    [Fact]
    public async Task WithNoStateThePatchStartsFromAnEmptyObjectLikeTheClient()
    {
        var context = new ToolInvocationContext(Input(), "call1", new RunStateHolder(null));

        var result = await tool.InvokeAsync(Json("""{"operations":[{"op":"add","path":"/theme","value":"dark"}]}"""), context, default);

        Assert.False(result.IsError);
        Assert.Equal("""{"theme":"dark"}""", context.State.Current!.ToJsonString());
    }

    [Theory]
    [InlineData("""{"operations":[{"op":"remove","path":"/nothing"}]}""", "does not exist")]
    [InlineData("""{"operations":[{"op":"replace","path":"/n","value":2},{"op":"test","path":"/n","value":3}]}""", "test failed")]
    [InlineData("""{"operations":[{"op":"explode","path":"/n"}]}""", "not valid JSON Patch")]
    [InlineData("""{"operations":[]}""", "empty")]
    [InlineData("""{"operations":"add n"}""", "must be an array")]
    [InlineData("""{}""", "must be an array")]
    public async Task AnInvalidPatchIsAnErrorResultAndChangesNothing(string arguments, string expected)
    {
        var context = Context("""{"n":1}""");

        var result = await tool.InvokeAsync(Json(arguments), context, default);

        Assert.True(result.IsError);
        Assert.Contains(expected, result.Content, StringComparison.Ordinal);
        Assert.Equal("""{"n":1}""", context.State.Current!.ToJsonString());
        Assert.Empty(context.PendingEvents);
    }

    [Fact]
    public void TheToolIsNamedAndDescribedForTheModel()
    {
        Assert.Equal("update_state", tool.Name);
        Assert.Equal(["operations"], tool.ParametersSchema.GetProperty("required").EnumerateArray().Select(e => e.GetString()));
    }

    private static ToolInvocationContext Context(string state) => new(Input(), "call1", new RunStateHolder(JsonNode.Parse(state)));

    private static RunAgentInput Input() => new() { ThreadId = "t", RunId = "r", Messages = [] };
}
