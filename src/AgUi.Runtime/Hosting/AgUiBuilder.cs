using System.ComponentModel;
using System.Reflection;
using AgUi.Runtime.Agents;
using AgUi.Runtime.Tools;
using Microsoft.Agents.AI;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;

namespace AgUi.Runtime.Hosting;

/// <summary>
/// What <see cref="AgUiServiceCollectionExtensions.AddAgUi"/> returns: the one place to register backend
/// tools and the agents the app serves. Every agent registered here is wrapped in thread persistence,
/// and every event it produces passes the endpoint's sequence checks.
/// </summary>
public sealed class AgUiBuilder
{
    internal AgUiBuilder(IServiceCollection services)
    {
        Services = services;
    }

    public IServiceCollection Services { get; }

    /// <summary>
    /// A backend tool from a method or delegate. Its schema comes from the parameters and their
    /// <c>[Description]</c>s; a <see cref="ToolContext"/> parameter gets the run, and a parameter of a type
    /// the app's services provide gets that service.
    /// </summary>
    public AgUiBuilder AddTool(Delegate method, Action<ToolOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(method);
        var options = Configure(configure);
        return AddRegistration(new ToolRegistration(services => ToolFunctionFactory.Create(method, options, services), options, Describe(method.Method)));
    }

    /// <summary>
    /// A backend tool built elsewhere (any <see cref="AIFunction"/>); it runs as it is, without a <see cref="ToolContext"/>.
    /// An <see cref="ApprovalRequiredAIFunction"/> waits for approval as <see cref="ToolOptions.RequiresApproval"/> does.
    /// </summary>
    public AgUiBuilder AddTool(AIFunction function, Action<ToolOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(function);
        var options = Configure(configure);
        options.RequiresApproval |= function.GetService<ApprovalRequiredAIFunction>() is not null;
        return AddRegistration(new ToolRegistration(_ => function, options, function.UnderlyingMethod is { } method ? Describe(method) : function.Name));
    }

    /// <summary>
    /// Every public method of <typeparamref name="T"/> with a <c>[Description]</c> as a backend tool.
    /// Instance methods run on an instance from the app's services, or one created with them, per call.
    /// </summary>
    public AgUiBuilder AddTools<T>()
        where T : class
    {
        var methods = typeof(T).GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly)
            .Where(m => !m.IsSpecialName && m.IsDefined(typeof(DescriptionAttribute)))
            .ToList();
        if (methods.Count == 0)
        {
            throw new ArgumentException($"{typeof(T).FullName} has no public method with a [Description] attribute to serve as a tool.", nameof(T));
        }

        foreach (var method in methods)
        {
            Func<AIFunctionArguments, object>? createInstance = method.IsStatic
                ? null
                : arguments => ActivatorUtilities.GetServiceOrCreateInstance<T>(arguments.Services
                    ?? throw new InvalidOperationException("The tool was called without the app's services."));
            var options = new ToolOptions();
            AddRegistration(new ToolRegistration(services => ToolFunctionFactory.Create(method, createInstance, options, services), options, Describe(method)));
        }

        return this;
    }

    /// <summary>Serves <typeparamref name="TAgent"/> as the default agent (<c>/api/agent</c>), built with the app's services.</summary>
    public AgUiBuilder UseAgent<TAgent>()
        where TAgent : class, IAgent =>
        UseAgent(services => ActivatorUtilities.CreateInstance<TAgent>(services));

    /// <summary>Serves the agent <paramref name="create"/> builds as the default agent (<c>/api/agent</c>).</summary>
    public AgUiBuilder UseAgent(Func<IServiceProvider, IAgent> create)
    {
        ArgumentNullException.ThrowIfNull(create);
        Services.Configure<AgentCatalogOptions>(o => o.DefaultAgent = new AgentRegistration(AgentNames.Default, create));
        return this;
    }

    /// <summary>Serves a Microsoft Agent Framework agent (a <c>ChatClientAgent</c>, for example) as the default agent.</summary>
    public AgUiBuilder UseAgent(Func<IServiceProvider, AIAgent> create)
    {
        ArgumentNullException.ThrowIfNull(create);
        return UseAgent(services => AgentFrameworkAgent.Create(create(services), services));
    }

    /// <summary>Serves <typeparamref name="TAgent"/> at <c>/api/agents/{name}</c>, with threads of its own.</summary>
    public AgUiBuilder AddAgent<TAgent>(string name)
        where TAgent : class, IAgent =>
        AddAgent(name, services => ActivatorUtilities.CreateInstance<TAgent>(services));

    /// <summary>Serves the agent <paramref name="create"/> builds at <c>/api/agents/{name}</c>, with threads of its own.</summary>
    public AgUiBuilder AddAgent(string name, Func<IServiceProvider, IAgent> create)
    {
        ArgumentNullException.ThrowIfNull(create);
        var registration = new AgentRegistration(AgentNames.Normalize(name), create);
        Services.Configure<AgentCatalogOptions>(o => o.NamedAgents.Add(registration));
        return this;
    }

    /// <summary>Serves a Microsoft Agent Framework agent at <c>/api/agents/{name}</c>, with threads of its own.</summary>
    public AgUiBuilder AddAgent(string name, Func<IServiceProvider, AIAgent> create)
    {
        ArgumentNullException.ThrowIfNull(create);
        return AddAgent(name, services => AgentFrameworkAgent.Create(create(services), services));
    }

    private AgUiBuilder AddRegistration(ToolRegistration registration)
    {
        Services.AddSingleton(registration);
        return this;
    }

    private static ToolOptions Configure(Action<ToolOptions>? configure)
    {
        var options = new ToolOptions();
        configure?.Invoke(options);
        return options;
    }

    private static string Describe(MethodInfo method) => $"{method.DeclaringType?.FullName}.{method.Name}";
}
