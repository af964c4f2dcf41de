using AgUi.Runtime.Agents;
using AgUi.Runtime.Auth;
using AgUi.Runtime.Endpoint;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace AgUi.Runtime.Hosting;

public static class AgUiEndpointRouteBuilderExtensions
{
    public const string DefaultPattern = "/api/agent";

    public const string NamedAgentPattern = "/api/agents/{name}";

    /// <summary>
    /// Maps the AG-UI run endpoints: <c>POST /api/agent</c> runs the default agent, <c>POST /api/agents/{name}</c>
    /// the agent of that name (404 for a name the app does not serve).
    /// </summary>
    public static RouteGroupBuilder MapAgUi(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        var group = endpoints.MapGroup(string.Empty);
        group.MapPost(DefaultPattern, (HttpContext context, AgUiRequestHandler handler) => handler.HandleAsync(context, AgentNames.Default))
            .WithName("AgUiRun");
        group.MapPost(NamedAgentPattern, (HttpContext context, string name, AgUiRequestHandler handler) => handler.HandleAsync(context, name))
            .WithName("AgUiRunNamedAgent");
        return group;
    }

    /// <summary>Requires a function key (see <see cref="AgUiServiceCollectionExtensions.AddFunctionKeyAuthentication"/>).</summary>
    public static TBuilder RequireFunctionKey<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder =>
        builder.RequireAuthorization(FunctionKeyDefaults.PolicyName);
}
