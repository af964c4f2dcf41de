using AgUi.Protocol.Events;
using AgUi.Protocol.Input;
using AgUi.Runtime.Agents;

namespace AgUi.Testing;

/// <summary>An agent whose run is a function, usually a local async iterator in the test that scripts it.</summary>
public sealed class DelegateAgent(Func<RunAgentInput, CancellationToken, IAsyncEnumerable<BaseEvent>> run) : IAgent
{
    public IAsyncEnumerable<BaseEvent> RunAsync(RunAgentInput input, CancellationToken cancellationToken) => run(input, cancellationToken);
}
