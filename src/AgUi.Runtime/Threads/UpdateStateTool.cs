using System.ComponentModel;
using AgUi.Protocol.Events;
using AgUi.Runtime.Tools;

namespace AgUi.Runtime.Threads;

/// <summary>
/// The built-in backend tool <c>update_state</c>: the model changes the shared state with RFC 6902
/// operations. A valid patch updates the run's state and streams as STATE_DELTA; an invalid one
/// changes nothing and returns an error the model can correct.
/// </summary>
public static class UpdateStateTool
{
    public const string ToolName = "update_state";

    [DisplayName(ToolName)]
    [Description("Changes the shared state the user's app shows, with JSON Patch (RFC 6902) operations on the current state.")]
    public static string UpdateState(
        [Description("RFC 6902 JSON Patch operations, applied in order, all or nothing. Paths are JSON Pointers into the state, e.g. /todos/0/done.")]
        IReadOnlyList<JsonPatchOperation> operations,
        ToolContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (operations is not { Count: > 0 })
        {
            throw new ToolException("\"operations\" is empty: nothing to change.");
        }

        try
        {
            context.UpdateState(operations);
        }
        catch (JsonPatchException ex)
        {
            throw new ToolException($"The state was not changed. {ex.Message}");
        }

        return "The state was updated.";
    }
}
