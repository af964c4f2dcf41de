using AgUi.Runtime.Agents;
using AgUi.Runtime.Endpoint;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace AgUi.Functions;

/// <summary>
/// The HTTP triggers: <c>agent</c> runs the default agent, <c>agents</c> the named one. The Functions host
/// checks the function key before the request reaches the worker; everything after that is the
/// runtime's endpoint, the same code the standalone host maps.
/// </summary>
public sealed class AgentFunction(AgUiRequestHandler handler)
{
    [Function("agent")]
    public async Task<IActionResult> RunAsync(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "agent")] HttpRequest req,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(req);
        await handler.HandleAsync(req.HttpContext, AgentNames.Default, cancellationToken);
        return new EmptyResult();
    }

    [Function("agents")]
    public async Task<IActionResult> RunNamedAsync(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "agents/{name}")] HttpRequest req,
        string name,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(req);
        await handler.HandleAsync(req.HttpContext, name, cancellationToken);
        return new EmptyResult();
    }
}
