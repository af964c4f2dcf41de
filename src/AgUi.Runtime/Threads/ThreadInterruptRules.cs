using System.Globalization;
using AgUi.Protocol.Events;
using AgUi.Protocol.Input;
using AgUi.Runtime.Agents;

namespace AgUi.Runtime.Threads;

/// <summary>
/// What a run may answer of a thread's interrupts, and what the thread keeps of them afterwards. Every
/// pending interrupt must be answered, once, before it expires (cancelling is always allowed); a refused
/// <c>resume</c> changes nothing that is stored.
/// </summary>
internal static class ThreadInterruptRules
{
    /// <summary>How many answered ids a thread remembers, to refuse a second answer.</summary>
    private const int AnsweredKept = 100;

    /// <summary>Why <paramref name="resume"/> cannot be accepted, or null when it answers every pending interrupt correctly.</summary>
    public static AgentRunException? CheckResume(IReadOnlyList<ResumeEntry> resume, ThreadInterrupts thread, DateTimeOffset now)
    {
        var pending = thread.Pending.ToDictionary(i => i.Id, StringComparer.Ordinal);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var entry in resume)
        {
            if (!seen.Add(entry.InterruptId) || (!pending.ContainsKey(entry.InterruptId) && thread.Answered.Contains(entry.InterruptId)))
            {
                return new AgentRunException(RunErrorCodes.InterruptAlreadyAnswered, $"Interrupt '{entry.InterruptId}' has already been answered.");
            }

            if (pending.Count == 0)
            {
                return new AgentRunException(RunErrorCodes.NoPendingInterrupt, "The conversation has no interrupt waiting for an answer; send the run without resume.");
            }

            if (!pending.TryGetValue(entry.InterruptId, out var interrupt))
            {
                return new AgentRunException(RunErrorCodes.InterruptNotFound, $"The conversation has no interrupt '{entry.InterruptId}'.");
            }

            if (entry.Status == ResumeStatus.Resolved && IsExpired(interrupt, now))
            {
                return new AgentRunException(RunErrorCodes.InterruptExpired,
                    $"Interrupt '{entry.InterruptId}' expired at {interrupt.ExpiresAt}; it can only be cancelled now.");
            }
        }

        var unanswered = pending.Keys.Where(id => !seen.Contains(id)).ToList();
        return unanswered.Count == 0 ? null : new AgentRunException(RunErrorCodes.InterruptNotAnswered,
            $"resume must answer every pending interrupt; it leaves out {string.Join(", ", unanswered.Select(id => $"'{id}'"))}.");
    }

    /// <summary>
    /// The thread's interrupts after a run: <paramref name="answered"/> ones leave the pending list (their ids
    /// are remembered), and the ones the run ended with are pending.
    /// </summary>
    public static ThreadInterrupts AfterRun(ThreadInterrupts basis, IReadOnlyCollection<string> answered, IReadOnlyList<Interrupt> raised)
    {
        if (answered.Count == 0 && raised.Count == 0)
        {
            return basis;
        }

        var pending = basis.Pending.Where(i => !answered.Contains(i.Id)).Concat(raised).ToList();
        var remembered = basis.Answered.Concat(answered.Where(id => !basis.Answered.Contains(id))).TakeLast(AnsweredKept).ToList();
        return new ThreadInterrupts(pending, remembered);
    }

    private static bool IsExpired(Interrupt interrupt, DateTimeOffset now) =>
        interrupt.ExpiresAt is { } expiresAt &&
        DateTimeOffset.TryParse(expiresAt, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var expiry) &&
        expiry <= now;
}
