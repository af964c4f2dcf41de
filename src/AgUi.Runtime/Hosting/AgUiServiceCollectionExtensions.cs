using AgUi.Runtime.Agents;
using AgUi.Runtime.Auth;
using AgUi.Runtime.Endpoint;
using AgUi.Runtime.Threads;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace AgUi.Runtime.Hosting;

public static class AgUiServiceCollectionExtensions
{
    /// <summary>
    /// Registers the AG-UI run endpoint and its agent pipeline, with settings bound from
    /// <paramref name="configuration"/> (the <c>AgUi</c> section). Any host calls this; the
    /// standalone host adds <see cref="AddFunctionKeyAuthentication"/> as well.
    /// </summary>
    public static IServiceCollection AddAgUi(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<AgUiEndpointOptions>().Bind(configuration.GetSection(AgUiEndpointOptions.SectionName));
        services.AddProblemDetails();
        services.TryAddSingleton<IAgent, OfflineAgent>();
        services.TryAddSingleton<AgUiRequestHandler>();

        // Decorates the IAgent registered above, so it stays after every IAgent registration.
        services.AddThreadPersistence(configuration);
        return services;
    }

    /// <summary>
    /// Function-key authentication for hosts without the Azure Functions host in front: the
    /// <c>x-functions-key</c> header or <c>?code=</c>, keys from <c>AgUi:Auth:FunctionKeys</c>.
    /// </summary>
    public static IServiceCollection AddFunctionKeyAuthentication(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddAuthentication(FunctionKeyDefaults.AuthenticationScheme)
            .AddScheme<FunctionKeyAuthenticationOptions, FunctionKeyAuthenticationHandler>(FunctionKeyDefaults.AuthenticationScheme, null);
        services.AddOptions<FunctionKeyAuthenticationOptions>(FunctionKeyDefaults.AuthenticationScheme)
            .Configure(o => BindAuth(o, configuration.GetSection(FunctionKeyAuthenticationOptions.SectionName)));
        services.AddAuthorizationBuilder().AddPolicy(FunctionKeyDefaults.PolicyName, policy => policy
            .AddAuthenticationSchemes(FunctionKeyDefaults.AuthenticationScheme)
            .RequireAuthenticatedUser());
        services.AddTransient<IStartupFilter, AnonymousExposureGuard>();
        return services;
    }

    private static void BindAuth(FunctionKeyAuthenticationOptions options, IConfigurationSection section)
    {
        // Keys come as an array (AgUi:Auth:FunctionKeys:0, :1) or as one comma-separated value, which is
        // what fits in a single environment variable or app setting.
        var keys = section.GetSection(nameof(FunctionKeyAuthenticationOptions.FunctionKeys));
        var values = keys.Value is { } list ? list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            : keys.GetChildren().Select(c => c.Value).OfType<string>();
        foreach (var key in values)
        {
            options.FunctionKeys.Add(key);
        }

        options.AllowAnonymous = section.GetValue<bool>(nameof(FunctionKeyAuthenticationOptions.AllowAnonymous));
    }
}
