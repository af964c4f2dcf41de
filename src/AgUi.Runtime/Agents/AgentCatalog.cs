using AgUi.Runtime.Threads;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace AgUi.Runtime.Agents;

/// <summary>
/// The agents the app serves, by name, each built once and wrapped in thread persistence scoped to its
/// name. The host builds the catalog at start, so an agent that cannot be built stops the start.
/// </summary>
public sealed class AgentCatalog
{
    private readonly Dictionary<string, ServedAgent> agents;

    internal AgentCatalog(IOptions<AgentCatalogOptions> options, IServiceProvider services)
    {
        var registrations = options.Value;
        var defaultAgent = registrations.DefaultAgent ?? throw new InvalidOperationException("No default agent is registered: call AddAgUi.");
        var duplicates = registrations.NamedAgents.GroupBy(a => a.Name, StringComparer.Ordinal).Where(g => g.Count() > 1 || g.Key == AgentNames.Default).Select(g => g.Key).ToList();
        if (duplicates.Count > 0)
        {
            throw new InvalidOperationException(
                $"Agent names must be unique, and '{AgentNames.Default}' is the default agent's: {string.Join(", ", duplicates.Select(d => $"'{d}'"))} is registered more than once.");
        }

        agents = new Dictionary<string, ServedAgent>(StringComparer.OrdinalIgnoreCase);
        foreach (var registration in registrations.NamedAgents.Prepend(defaultAgent with { Name = AgentNames.Default }))
        {
            var inner = registration.Create(services);
            var persisting = ActivatorUtilities.CreateInstance<ThreadPersistingAgent>(services, inner, registration.Name);
            agents.Add(registration.Name, new ServedAgent(registration.Name, inner, persisting));
        }
    }

    /// <summary>The names of the agents, the default one first.</summary>
    public IReadOnlyList<string> Names => [.. agents.Keys];

    /// <summary>The agent called <paramref name="name"/> (any case), wrapped in thread persistence.</summary>
    public bool TryGet(string name, out IAgent agent)
    {
        ArgumentNullException.ThrowIfNull(name);
        var found = agents.TryGetValue(name, out var served);
        agent = served?.Persisting!;
        return found;
    }

    /// <summary>Each agent as registered, before the wrapping, for the start-up log.</summary>
    internal IEnumerable<(string Name, IAgent Agent)> Registered => agents.Values.Select(a => (a.Name, a.Inner));

    private sealed record ServedAgent(string Name, IAgent Inner, IAgent Persisting);
}
