namespace AgUi.Runtime.Agents;

/// <summary>
/// Offered by a run's event stream (the <see cref="IAsyncEnumerable{T}"/> an agent's RunAsync returns) whose agent keeps
/// the text of the messages it streams anyway. A recorder that watches the stream reads the text here instead of
/// collecting a second copy of every delta.
/// </summary>
internal interface IRunMessageTexts
{
    /// <summary>
    /// The text streamed so far for <paramref name="messageId"/>, when the agent keeps it; a kept message's
    /// TEXT_MESSAGE_CONTENT deltas are all in it by the time they are yielded.
    /// </summary>
    bool TryGetText(string messageId, out string text);

    /// <summary>True when the agent keeps the text of <paramref name="messageId"/>.</summary>
    bool Keeps(string messageId);
}
