using AgUi.Runtime.Agents;
using AgUi.Runtime.Auth;
using AgUi.Runtime.Endpoint;
using AgUi.Runtime.Model;
using AgUi.Runtime.Threads;
using AgUi.Runtime.Tools;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace AgUi.Runtime.Hosting;

public static class AgUiServiceCollectionExtensions
{
    private const string CorsOriginsKey = "AgUi:Cors:AllowedOrigins";

    /// <summary>
    /// Registers the AG-UI run endpoint and its agent pipeline, with settings bound from
    /// <paramref name="configuration"/> (the <c>AgUi</c> section). Any host calls this; the
    /// standalone host adds <see cref="AddFunctionKeyAuthentication"/> and <see cref="AddAgUiCors"/> as well.
    /// </summary>
    public static IServiceCollection AddAgUi(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<AgUiEndpointOptions>().Bind(configuration.GetSection(AgUiEndpointOptions.SectionName));
        services.AddProblemDetails();
        AddModelAgent(services, configuration);
        services.TryAddSingleton<AgUiRequestHandler>();
        services.AddHostedService<AgentStartupCheck>();

        // Decorates the IAgent registered above, so it stays after every IAgent registration.
        services.AddThreadPersistence(configuration);
        return services;
    }

    /// <summary>
    /// The agent <c>AgUi:Model:Provider</c> selects (the offline agent when it is unset), its settings
    /// checked at start, and the built-in backend tools.
    /// </summary>
    private static void AddModelAgent(IServiceCollection services, IConfiguration configuration)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IBackendTool, CurrentTimeTool>());
        services.AddOptions<ModelOptions>().Bind(configuration.GetSection(ModelOptions.SectionName)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ModelOptions>, ModelOptionsValidator>());
        if (ReadProvider(configuration) == ModelProvider.Offline)
        {
            services.TryAddSingleton<IAgent, OfflineAgent>();
        }
        else
        {
            services.TryAddSingleton<IAgent, ChatModelAgent>();
        }
    }

    private static ModelProvider ReadProvider(IConfiguration configuration)
    {
        var key = $"{ModelOptions.SectionName}:{nameof(ModelOptions.Provider)}";
        var value = configuration[key];
        if (string.IsNullOrWhiteSpace(value))
        {
            return ModelProvider.Offline;
        }

        return Enum.TryParse<ModelProvider>(value, ignoreCase: true, out var provider) && Enum.IsDefined(provider)
            ? provider
            : throw new InvalidOperationException($"{key} must be Offline, AzureOpenAI, OpenAI or OpenAICompatible.");
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

    /// <summary>
    /// CORS for browser clients (AG-UI's HttpAgent in a page) of hosts without Azure's CORS in front: the
    /// origins in <c>AgUi:Cors:AllowedOrigins</c> may POST to the endpoint with any header. Hosts call
    /// <c>UseCors()</c> before authentication, so preflight requests need no key.
    /// </summary>
    public static IServiceCollection AddAgUiCors(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var origins = ReadList(configuration.GetSection(CorsOriginsKey));
        return services.AddCors(cors => cors.AddDefaultPolicy(policy => policy
            .WithOrigins([.. origins])
            .WithMethods(HttpMethods.Post)
            .AllowAnyHeader()));
    }

    private static void BindAuth(FunctionKeyAuthenticationOptions options, IConfigurationSection section)
    {
        foreach (var key in ReadList(section.GetSection(nameof(FunctionKeyAuthenticationOptions.FunctionKeys))))
        {
            options.FunctionKeys.Add(key);
        }

        options.AllowAnonymous = section.GetValue<bool>(nameof(FunctionKeyAuthenticationOptions.AllowAnonymous));
    }

    /// <summary>
    /// A list setting given as an array (<c>Key:0</c>, <c>Key:1</c>) or as one comma-separated value, which is
    /// what fits in a single environment variable or app setting.
    /// </summary>
    private static IEnumerable<string> ReadList(IConfigurationSection section) =>
        section.Value is { } list
            ? list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            : section.GetChildren().Select(c => c.Value).OfType<string>();
}
