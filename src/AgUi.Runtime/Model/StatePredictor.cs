using System.Text.Json;
using System.Text.Json.Nodes;
using AgUi.Protocol.Events;
using AgUi.Runtime.Threads;
using AgUi.Runtime.Tools;

namespace AgUi.Runtime.Model;

/// <summary>
/// Predictive state updates: while the model streams a call to a tool registered with
/// <see cref="ToolOptions.PredictState"/>, each new value of a predicted argument is applied to the run's
/// state and streamed as STATE_DELTA (an <c>add</c> at the state path), so the client's state is the one
/// the server keeps.
/// </summary>
internal sealed class StatePredictor(BackendToolCatalog tools, RunState state)
{
    private readonly Dictionary<(string CallId, string Path), string> sent = [];

    /// <summary>Adds a STATE_DELTA after <paramref name="events"/> for every predicted value their argument fragments changed.</summary>
    public void Observe(AssistantTurn turn, List<BaseEvent> events)
    {
        var count = events.Count;
        for (var i = 0; i < count; i++)
        {
            var (callId, complete) = events[i] switch
            {
                ToolCallArgsEvent args => (args.ToolCallId, false),
                ToolCallEndEvent end => (end.ToolCallId, true),
                _ => (null, false),
            };
            if (callId is not null && turn.ToolCalls.FirstOrDefault(c => c.Id == callId) is { } call &&
                tools.OptionsOf(call.Name)?.PredictedState is { Count: > 0 } predictions)
            {
                Predict(call, predictions, complete, events);
            }
        }
    }

    private void Predict(StreamedToolCall call, IReadOnlyList<StatePrediction> predictions, bool complete, List<BaseEvent> events)
    {
        if ((complete ? ParseWhole(call.Arguments) : PartialJson.Read(call.Arguments)) is not JsonObject arguments)
        {
            return;
        }

        foreach (var prediction in predictions)
        {
            if (!arguments.TryGetPropertyValue(prediction.Argument, out var value))
            {
                continue;
            }

            var json = value?.ToJsonString() ?? "null";
            if (sent.TryGetValue((call.Id, prediction.StatePath), out var previous) && previous == json)
            {
                continue;
            }

            JsonPatchOperation[] delta = [new JsonPatchOperation { Op = JsonPatchOp.Add, Path = prediction.StatePath, Value = StateJson.ToElement(value) }];
            try
            {
                state.Current = JsonPatch.Apply(state.Current ?? new JsonObject(), delta);
            }
            catch (JsonPatchException)
            {
                // The path's parent is not in the state: the client could not apply it either.
                continue;
            }

            sent[(call.Id, prediction.StatePath)] = json;
            events.Add(new StateDeltaEvent { Delta = delta });
        }
    }

    private static JsonNode? ParseWhole(string arguments)
    {
        try
        {
            return JsonNode.Parse(arguments);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
