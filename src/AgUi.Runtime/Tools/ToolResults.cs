using System.Text.Json;

namespace AgUi.Runtime.Tools;

/// <summary>What a tool's return value becomes as the text of its TOOL_CALL_RESULT and the model's tool message.</summary>
internal static class ToolResults
{
    /// <summary>A string as it is, anything else as compact JSON, nothing (a void method) as an empty text.</summary>
    public static string ToContent(object? result) => result switch
    {
        null => string.Empty,
        string text => text,
        JsonElement { ValueKind: JsonValueKind.String } text => text.GetString()!,
        JsonElement { ValueKind: JsonValueKind.Undefined or JsonValueKind.Null } => string.Empty,
        JsonElement json => json.GetRawText(),
        _ => JsonSerializer.Serialize(result, ToolFunctionFactory.SerializerOptions.GetTypeInfo(result.GetType())),
    };
}
