using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace AgUi.Runtime.Tools;

/// <summary>
/// The worked example of a backend tool: the current local date and time in an IANA time zone.
/// Copy its shape for your own tools: a name, a description the model reads, a JSON Schema, and a
/// handler that returns <see cref="ToolResult.Error"/> for anything the model should correct.
/// </summary>
public sealed class CurrentTimeTool(TimeProvider timeProvider) : IBackendTool
{
    public const string ToolName = "get_current_time";

    private static readonly JsonElement Schema = JsonDocument.Parse("""
        {
          "type": "object",
          "properties": {
            "timeZone": {
              "type": "string",
              "description": "An IANA time zone id, for example Europe/Paris, America/New_York or UTC."
            }
          },
          "required": ["timeZone"],
          "additionalProperties": false
        }
        """).RootElement;

    public string Name => ToolName;

    public string Description =>
        "Returns the current local date and time, with its UTC offset, in the given IANA time zone.";

    public JsonElement ParametersSchema => Schema;

    public ValueTask<ToolResult> InvokeAsync(JsonElement arguments, ToolInvocationContext context, CancellationToken cancellationToken)
    {
        if (arguments.GetProperty("timeZone") is not { ValueKind: JsonValueKind.String } value ||
            value.GetString() is not { Length: > 0 } timeZoneId)
        {
            return ValueTask.FromResult(ToolResult.Error("timeZone must be a non-empty string such as Europe/Paris."));
        }

        if (!TimeZoneInfo.TryFindSystemTimeZoneById(timeZoneId, out var zone))
        {
            return ValueTask.FromResult(ToolResult.Error(
                $"Unknown time zone '{timeZoneId}'. Use an IANA time zone id such as Europe/Paris or America/New_York."));
        }

        var local = TimeZoneInfo.ConvertTime(timeProvider.GetUtcNow(), zone);
        var result = new JsonObject
        {
            ["timeZone"] = zone.Id,
            ["localTime"] = local.ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture),
            ["utcOffset"] = local.ToString("zzz", CultureInfo.InvariantCulture),
            ["dayOfWeek"] = local.DayOfWeek.ToString(),
            ["isDaylightSavingTime"] = zone.IsDaylightSavingTime(local),
        };
        return ValueTask.FromResult(ToolResult.Success(result.ToJsonString()));
    }
}
