using System.Text.Json;
using AgUi.Protocol.Input;
using AgUi.Runtime.Tools;
using Microsoft.Extensions.Logging.Abstractions;
using Moq;

namespace AgUi.Runtime.Tests.Tools;

public sealed class BackendToolCatalogTests
{
    private const string Schema = """{"type":"object","properties":{"city":{"type":"string"},"days":{"type":"integer"}},"required":["city","days"]}""";

    private static Mock<IBackendTool> Tool(string name = "forecast")
    {
        var tool = new Mock<IBackendTool>();
        tool.SetupGet(t => t.Name).Returns(name);
        tool.SetupGet(t => t.ParametersSchema).Returns(JsonDocument.Parse(Schema).RootElement);
        return tool;
    }

    private static ValueTask<ToolResult> InvokeAsync(BackendToolCatalog catalog, string name, string arguments)
    {
        var input = new RunAgentInput { ThreadId = "t", RunId = "r", Messages = [] };
        return catalog.InvokeAsync(name, arguments, new ToolInvocationContext(input, "call_1", new RunStateHolder(null)), CancellationToken.None);
    }

    [Theory]
    [InlineData("{\"city\":", "not valid JSON")]
    [InlineData("[1,2]", "must be a JSON object")]
    [InlineData("{\"city\":\"Oslo\"}", "missing required property days")]
    [InlineData("{}", "missing required properties city, days")]
    public async Task Arguments_that_do_not_fit_the_schema_never_reach_the_tool(string arguments, string expected)
    {
        var tool = Tool();
        var catalog = new BackendToolCatalog([tool.Object], NullLogger.Instance);

        var result = await InvokeAsync(catalog, "forecast", arguments);

        Assert.True(result.IsError);
        Assert.Contains(expected, result.Content, StringComparison.Ordinal);
        tool.Verify(t => t.InvokeAsync(It.IsAny<JsonElement>(), It.IsAny<ToolInvocationContext>(), It.IsAny<CancellationToken>()), Times.Never);
    }

    [Fact]
    public async Task Valid_arguments_reach_the_tool_and_empty_arguments_count_as_an_empty_object()
    {
        var tool = Tool();
        string? seenCity = null;
        tool.Setup(t => t.InvokeAsync(It.IsAny<JsonElement>(), It.IsAny<ToolInvocationContext>(), It.IsAny<CancellationToken>()))
            .Returns((JsonElement arguments, ToolInvocationContext _, CancellationToken _) =>
            {
                seenCity = arguments.GetProperty("city").GetString();
                return ValueTask.FromResult(ToolResult.Success("rain"));
            });
        var catalog = new BackendToolCatalog([tool.Object], NullLogger.Instance);

        var ok = await InvokeAsync(catalog, "forecast", """{"city":"Oslo","days":2}""");
        var empty = await InvokeAsync(catalog, "forecast", "");

        Assert.Equal(ToolResult.Success("rain"), ok);
        Assert.Equal("Oslo", seenCity);
        Assert.Contains("missing required properties city, days", empty.Content, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_tool_that_throws_gives_the_model_an_error_result_without_the_exception_text()
    {
        var tool = Tool();
        tool.Setup(t => t.InvokeAsync(It.IsAny<JsonElement>(), It.IsAny<ToolInvocationContext>(), It.IsAny<CancellationToken>()))
            .ThrowsAsync(new InvalidOperationException("connection string Password=hunter2"));
        var catalog = new BackendToolCatalog([tool.Object], NullLogger.Instance);

        var result = await InvokeAsync(catalog, "forecast", """{"city":"Oslo","days":2}""");

        Assert.True(result.IsError);
        Assert.Contains("'forecast' failed", result.Content, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", result.Content, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_tool_name_lists_the_tools_there_are()
    {
        var catalog = new BackendToolCatalog([Tool().Object], NullLogger.Instance);

        var result = await InvokeAsync(catalog, "teleport", "{}");

        Assert.True(result.IsError);
        Assert.Contains("Available tools: forecast", result.Content, StringComparison.Ordinal);
    }

    [Fact]
    public void Names_the_model_api_refuses_and_names_used_twice_are_problems()
    {
        var problems = BackendToolCatalog.FindProblems([Tool("forecast").Object, Tool("forecast").Object, Tool("has space").Object, Tool("ok_name-2").Object]);

        Assert.Equal(2, problems.Count);
        Assert.Contains(problems, p => p.StartsWith("Two backend tools are named 'forecast'", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("'has space'", StringComparison.Ordinal));
    }
}
