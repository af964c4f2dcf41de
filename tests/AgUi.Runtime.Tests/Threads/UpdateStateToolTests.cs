using AgUi.Protocol.Events;
using AgUi.Runtime.Tests.Tools;
using AgUi.Runtime.Threads;
using AgUi.Runtime.Tools;

namespace AgUi.Runtime.Tests.Threads;

public sealed class UpdateStateToolTests
{
    private static readonly BackendToolCatalog Tools = ToolKit.Catalog(TimeProvider.System, UpdateStateTool.UpdateState);

    private static Task<ToolCallRun> RunAsync(string arguments, string? state) => ToolKit.RunAsync(Tools, UpdateStateTool.ToolName, arguments, state);

    [Fact]
    public async Task AValidPatchChangesTheStateAndEmitsTheSameOperationsAsStateDelta()
    {
        var call = await RunAsync("""{"operations":[{"op":"replace","path":"/todos/0/done","value":true},{"op":"add","path":"/todos/-","value":{"title":"eggs","done":false}}]}""",
            """{"todos":[{"title":"milk","done":false}]}""");

        Assert.Equal("The state was updated.", call.Result);
        Assert.Equal("""{"todos":[{"title":"milk","done":true},{"title":"eggs","done":false}]}""", call.State!.ToJsonString());
        var delta = Assert.IsType<StateDeltaEvent>(Assert.Single(call.Emitted));
        Assert.Equal([JsonPatchOp.Replace, JsonPatchOp.Add], delta.Delta.Select(o => o.Op));
        Assert.Equal("/todos/-", delta.Delta[1].Path);
    }

    [Fact]
    public async Task WithNoStateThePatchStartsFromAnEmptyObjectLikeTheClient()
    {
        var call = await RunAsync("""{"operations":[{"op":"add","path":"/theme","value":"dark"}]}""", state: null);

        Assert.Equal("The state was updated.", call.Result);
        Assert.Equal("""{"theme":"dark"}""", call.State!.ToJsonString());
    }

    [Theory]
    [InlineData("""{"operations":[{"op":"remove","path":"/nothing"}]}""", "does not exist")]
    [InlineData("""{"operations":[{"op":"replace","path":"/n","value":2},{"op":"test","path":"/n","value":3}]}""", "test failed")]
    [InlineData("""{"operations":[{"op":"explode","path":"/n"}]}""", "'operations' must be a value that matches its schema")]
    [InlineData("""{"operations":[{"path":"/n"}]}""", "missing required properties including: 'op'")]
    [InlineData("""{"operations":[]}""", "empty")]
    [InlineData("""{"operations":"add n"}""", "'operations' must be a value that matches its schema")]
    [InlineData("""{}""", "missing required argument 'operations'")]
    public async Task AnInvalidPatchIsAnErrorResultAndChangesNothing(string arguments, string expected)
    {
        var call = await RunAsync(arguments, """{"n":1}""");

        Assert.Contains(expected, call.Result, StringComparison.Ordinal);
        Assert.Equal("""{"n":1}""", call.State!.ToJsonString());
        Assert.Empty(call.Emitted);
    }

    [Fact]
    public void TheToolIsNamedAndDescribedForTheModel()
    {
        var tool = Assert.Single(Tools.Tools);

        Assert.Equal("update_state", tool.Name);
        Assert.Equal(["operations"], tool.JsonSchema.GetProperty("required").EnumerateArray().Select(e => e.GetString()));
        var operation = tool.JsonSchema.GetProperty("properties").GetProperty("operations").GetProperty("items");
        Assert.Equal(["add", "remove", "replace", "move", "copy", "test"],
            operation.GetProperty("properties").GetProperty("op").GetProperty("enum").EnumerateArray().Select(e => e.GetString()));
    }
}
