using System.Text.Json;
using System.Text.Json.Nodes;
using AgUi.Protocol.Events;
using AgUi.Protocol.Json;
using AgUi.Runtime.Tools;

namespace AgUi.Runtime.Threads;

/// <summary>
/// The built-in backend tool <c>update_state</c>: the model changes the shared state with RFC 6902
/// operations. A valid patch updates the run's state and streams as STATE_DELTA; an invalid one
/// changes nothing and returns an error the model can correct.
/// </summary>
public sealed class UpdateStateTool : IBackendTool
{
    public const string ToolName = "update_state";

    private static readonly JsonElement Schema = JsonDocument.Parse("""
        {
          "type": "object",
          "properties": {
            "operations": {
              "type": "array",
              "description": "RFC 6902 JSON Patch operations, applied in order, all or nothing.",
              "items": {
                "type": "object",
                "properties": {
                  "op": { "type": "string", "enum": ["add", "remove", "replace", "move", "copy", "test"] },
                  "path": { "type": "string", "description": "JSON Pointer into the state, e.g. /todos/0/done" },
                  "from": { "type": "string", "description": "JSON Pointer of the source, for move and copy" },
                  "value": { "description": "The value, for add, replace and test" }
                },
                "required": ["op", "path"]
              }
            }
          },
          "required": ["operations"]
        }
        """).RootElement.Clone();

    public string Name => ToolName;

    public string Description =>
        "Changes the shared state the user's app shows, with JSON Patch (RFC 6902) operations on the current state.";

    public JsonElement ParametersSchema => Schema;

    public ValueTask<ToolResult> InvokeAsync(JsonElement arguments, ToolInvocationContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (arguments.ValueKind != JsonValueKind.Object || !arguments.TryGetProperty("operations", out var operationsJson) ||
            operationsJson.ValueKind != JsonValueKind.Array)
        {
            return ValueTask.FromResult(ToolResult.Error("\"operations\" must be an array of JSON Patch operations."));
        }

        IReadOnlyList<JsonPatchOperation> operations;
        try
        {
            operations = operationsJson.Deserialize(AgUiJsonContext.Default.IReadOnlyListJsonPatchOperation) ?? [];
        }
        catch (JsonException ex)
        {
            return ValueTask.FromResult(ToolResult.Error($"The operations are not valid JSON Patch: {ex.Message}"));
        }

        if (operations.Count == 0)
        {
            return ValueTask.FromResult(ToolResult.Error("\"operations\" is empty: nothing to change."));
        }

        JsonNode? updated;
        try
        {
            // Clients start from {} when they hold no state, so the patch does too.
            updated = JsonPatch.Apply(context.State.Current ?? new JsonObject(), operations);
        }
        catch (JsonPatchException ex)
        {
            return ValueTask.FromResult(ToolResult.Error($"The state was not changed. {ex.Message}"));
        }

        context.State.Current = updated;
        context.Emit(new StateDeltaEvent { Delta = operations });
        return ValueTask.FromResult(ToolResult.Success("The state was updated."));
    }
}
