using AgUi.Protocol.Events;
using AgUi.Protocol.Input;

namespace AgUi.Runtime.Agents;

/// <summary>
/// An AG-UI agent: one run request in, the run's events out, RUN_STARTED first and RUN_FINISHED
/// (or RUN_ERROR) last. The endpoint verifies every event before it reaches the wire and seals the
/// stream if the agent breaks the protocol, throws, or stops early.
/// </summary>
public interface IAgent
{
    IAsyncEnumerable<BaseEvent> RunAsync(RunAgentInput input, CancellationToken cancellationToken);
}
