using System.Text.Json;

namespace AgUi.Runtime.Tools;

/// <summary>
/// A tool that runs in this server. Register implementations in DI; the model agent offers them to
/// the model next to the client's frontend tools, runs them, and streams each result as TOOL_CALL_RESULT.
/// </summary>
public interface IBackendTool
{
    /// <summary>The function name the model calls. Must not collide with a frontend tool's name.</summary>
    string Name { get; }

    string Description { get; }

    /// <summary>The JSON Schema (an object schema) of the arguments.</summary>
    JsonElement ParametersSchema { get; }

    /// <summary>
    /// Runs the tool. <paramref name="arguments"/> has already been parsed and checked for the schema's
    /// required properties. Return <see cref="ToolResult.Error"/> for failures the model should see.
    /// </summary>
    ValueTask<ToolResult> InvokeAsync(JsonElement arguments, ToolInvocationContext context, CancellationToken cancellationToken);
}

/// <summary>What a tool returns to the model: its content, and whether it is an error report.</summary>
public sealed record ToolResult(string Content, bool IsError = false)
{
    public static ToolResult Success(string content) => new(content);

    public static ToolResult Error(string message) => new(message, IsError: true);
}
