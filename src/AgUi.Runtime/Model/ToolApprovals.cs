using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using AgUi.Protocol.Events;
using AgUi.Protocol.Input;
using AgUi.Runtime.Agents;
using AgUi.Runtime.Tools;

namespace AgUi.Runtime.Model;

/// <summary>
/// The interrupts the model agent raises for tools that need approval (reason <c>tool_approval</c>), and
/// the answers it reads back from <c>resume</c>: <c>{"approved": true|false, "arguments"?: {...}}</c>.
/// </summary>
internal static class ToolApprovals
{
    public const string Reason = "tool_approval";

    private const string IdPrefix = "approve-";

    private static readonly JsonElement ResponseSchema = JsonDocument.Parse("""
        {
          "type": "object",
          "properties": {
            "approved": { "type": "boolean", "description": "true runs the tool; false rejects the call." },
            "arguments": { "type": "object", "description": "Edited arguments to run the tool with instead of the model's." }
          },
          "required": ["approved"]
        }
        """).RootElement.Clone();

    public static Interrupt Create(StreamedToolCall call, ToolOptions tool, DateTimeOffset expiresAt) => new()
    {
        Id = IdPrefix + call.Id,
        Reason = Reason,
        Message = tool.ApprovalMessage ?? $"Allow {call.Name} to run with these arguments?",
        ToolCallId = call.Id,
        ResponseSchema = ResponseSchema,
        ExpiresAt = expiresAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture),
        Metadata = JsonSerializer.SerializeToElement(new JsonObject
        {
            ["toolName"] = call.Name,
            ["arguments"] = ParseArguments(call.Arguments),
        }),
    };

    /// <summary>The tool call an approval interrupt is about; null for an interrupt this agent did not raise.</summary>
    public static string? ToolCallIdOf(string interruptId) =>
        interruptId.StartsWith(IdPrefix, StringComparison.Ordinal) ? interruptId[IdPrefix.Length..] : null;

    /// <summary>
    /// What the person decided: approved (with the arguments to run the tool with, edited or not) or not.
    /// A <c>cancelled</c> answer is a rejection.
    /// </summary>
    /// <exception cref="AgentRunException">A <c>resolved</c> payload does not match the response schema.</exception>
    public static (bool Approved, string Arguments) Read(ResumeEntry answer, string modelArguments)
    {
        if (answer.Status == ResumeStatus.Cancelled)
        {
            return (false, modelArguments);
        }

        if (answer.Payload is not { ValueKind: JsonValueKind.Object } payload ||
            !payload.TryGetProperty("approved", out var approved) || approved.ValueKind is not (JsonValueKind.True or JsonValueKind.False) ||
            (payload.TryGetProperty("arguments", out var edited) && edited.ValueKind != JsonValueKind.Object))
        {
            throw new AgentRunException(RunErrorCodes.InterruptResponseInvalid,
                $"The answer to interrupt '{answer.InterruptId}' must be {{\"approved\": true or false, \"arguments\": an optional object}}.");
        }

        return (approved.GetBoolean(), payload.TryGetProperty("arguments", out var arguments) ? arguments.GetRawText() : modelArguments);
    }

    public static string NotApproved(string toolName, ResumeStatus status) => status == ResumeStatus.Cancelled
        ? $"The call to {toolName} was cancelled before anyone approved it; it did not run."
        : $"The user did not approve this call to {toolName}; it did not run.";

    private static JsonNode? ParseArguments(string arguments)
    {
        try
        {
            return JsonNode.Parse(arguments);
        }
        catch (JsonException)
        {
            return arguments;
        }
    }
}
