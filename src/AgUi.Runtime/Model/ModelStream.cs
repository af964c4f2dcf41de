using System.Runtime.CompilerServices;
using AgUi.Protocol.Events;
using AgUi.Runtime.Agents;

namespace AgUi.Runtime.Model;

/// <summary>Turns one model stream's updates into AG-UI events; <see cref="ModelStream"/> drives it.</summary>
internal interface IModelStreamTranslation<in TUpdate>
{
    /// <summary>True once an event of the stream has been produced: a failure now breaks a stream the client has seen.</summary>
    bool HasOutput { get; }

    /// <summary>Adds the events <paramref name="update"/> produces to <paramref name="events"/>.</summary>
    void Accept(TUpdate update, List<BaseEvent> events);

    /// <summary>
    /// Adds the events that close what is still open, when the stream ended or failed with
    /// <paramref name="failure"/>; not called when the reader stopped early.
    /// </summary>
    void Complete(List<BaseEvent> events, AgentRunException? failure);
}

/// <summary>
/// Reads a model's streamed updates through a translation. When reading fails, what the translation
/// opened is closed first and then the failure is thrown as an <see cref="AgentRunException"/> with its
/// stable code; a failure that is not the model's (a bug, the client leaving) is thrown as it is.
/// </summary>
internal static class ModelStream
{
    public static async IAsyncEnumerable<BaseEvent> TranslateAsync<TUpdate>(
        IAsyncEnumerable<TUpdate> stream, IModelStreamTranslation<TUpdate> translation, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        AgentRunException? failure = null;
        // One list for every update (one per model token): the caller's enumerator is what allocates.
        var events = new List<BaseEvent>();
        var updates = stream.GetAsyncEnumerator(cancellationToken);
        try
        {
            while (true)
            {
                events.Clear();
                try
                {
                    if (!await updates.MoveNextAsync())
                    {
                        break;
                    }

                    translation.Accept(updates.Current, events);
                }
                catch (AgentRunException ex)
                {
                    failure = ex;
                    break;
                }
                catch (Exception ex) when (ModelFailures.Classify(ex, translation.HasOutput, cancellationToken) is { } classified)
                {
                    failure = classified;
                    break;
                }

                foreach (var agUiEvent in events)
                {
                    yield return agUiEvent;
                }
            }
        }
        finally
        {
            await updates.DisposeAsync();
        }

        events.Clear();
        translation.Complete(events, failure);
        foreach (var agUiEvent in events)
        {
            yield return agUiEvent;
        }

        if (failure is not null)
        {
            throw failure;
        }
    }
}
