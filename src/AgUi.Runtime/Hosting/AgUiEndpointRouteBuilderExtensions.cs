using AgUi.Runtime.Auth;
using AgUi.Runtime.Endpoint;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace AgUi.Runtime.Hosting;

public static class AgUiEndpointRouteBuilderExtensions
{
    public const string DefaultPattern = "/api/agent";

    /// <summary>Maps <c>POST {pattern}</c> to the AG-UI run endpoint.</summary>
    public static IEndpointConventionBuilder MapAgUi(this IEndpointRouteBuilder endpoints, string pattern = DefaultPattern)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        return endpoints.MapPost(pattern, (HttpContext context) =>
                context.RequestServices.GetRequiredService<AgUiRequestHandler>().HandleAsync(context))
            .WithName("AgUiRun");
    }

    /// <summary>Requires a function key (see <see cref="AgUiServiceCollectionExtensions.AddFunctionKeyAuthentication"/>).</summary>
    public static TBuilder RequireFunctionKey<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder =>
        builder.RequireAuthorization(FunctionKeyDefaults.PolicyName);
}
