namespace AgUi.Runtime.Agents;

/// <summary>An agent the app serves: its name (the URL segment and the thread scope) and how to build it once the services exist.</summary>
internal sealed record AgentRegistration(string Name, Func<IServiceProvider, IAgent> Create);

/// <summary>Every agent registration, in the order they were made; bound as options so later registrations see earlier ones.</summary>
internal sealed class AgentCatalogOptions
{
    public AgentRegistration? DefaultAgent { get; set; }

    public List<AgentRegistration> NamedAgents { get; } = [];
}
