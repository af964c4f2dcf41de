using AgUi.Runtime.Agents;
using AgUi.Runtime.Auth;
using AgUi.Runtime.Endpoint;
using AgUi.Runtime.Model;
using AgUi.Runtime.Telemetry;
using AgUi.Runtime.Threads;
using AgUi.Runtime.Tools;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace AgUi.Runtime.Hosting;

public static class AgUiServiceCollectionExtensions
{
    private const string CorsOriginsKey = "AgUi:Cors:AllowedOrigins";

    /// <summary>
    /// Registers the AG-UI run endpoint and its agents, with settings bound from <paramref name="configuration"/>
    /// (the <c>AgUi</c> section): the default agent (the model agent of <c>AgUi:Model</c>, or the offline
    /// agent), the named agents of <c>AgUi:Agents</c>, the built-in backend tools and thread persistence.
    /// Register tools and your own agents on the builder it returns. Calling it again returns a builder
    /// for the same registrations. Any host calls this; the standalone host adds
    /// <see cref="AddFunctionKeyAuthentication"/> and <see cref="AddAgUiCors"/> as well.
    /// </summary>
    public static AgUiBuilder AddAgUi(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        var builder = new AgUiBuilder(services);
        if (services.Any(d => d.ServiceType == typeof(AgentCatalog)))
        {
            return builder;
        }

        services.AddOptions<AgUiEndpointOptions>().Bind(configuration.GetSection(AgUiEndpointOptions.SectionName));
        services.AddOptions<AgUiTelemetryOptions>().Bind(configuration.GetSection(AgUiTelemetryOptions.SectionName)).ValidateOnStart();
        services.AddProblemDetails();
        services.TryAddSingleton(TimeProvider.System);
        EnsureKnownProvider(configuration);
        services.AddOptions<ModelOptions>().Bind(configuration.GetSection(ModelOptions.SectionName)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ModelOptions>, ModelOptionsValidator>());
        services.TryAddSingleton(ConfiguredChatClient);
        services.AddSingleton<BackendToolCatalog>();
        services.AddSingleton(sp => new AgentCatalog(sp.GetRequiredService<IOptions<AgentCatalogOptions>>(), sp));
        services.AddSingleton<AgUiRequestHandler>();
        services.AddSingleton(new AgUiServiceRegistrations(services));
        services.AddHostedService<AgentStartupCheck>();
        services.AddThreadPersistence(configuration);

        builder.AddTool(CurrentTimeTool.GetCurrentTime).AddTool(UpdateStateTool.UpdateState);
        builder.UseAgent(sp => ModelAgentFactory.Create(sp, AgentNames.Default, agent: null));
        foreach (var section in configuration.GetSection(AgentSettings.SectionName).GetChildren())
        {
            var name = AgentNames.Normalize(section.Key);
            var settings = new AgentSettings
            {
                SystemPrompt = section[nameof(AgentSettings.SystemPrompt)],
                Model = section[nameof(AgentSettings.Model)],
                Deployment = section[nameof(AgentSettings.Deployment)],
            };
            foreach (var tool in ReadList(section.GetSection(nameof(AgentSettings.Tools))))
            {
                settings.Tools.Add(tool);
            }

            builder.AddAgent(name, sp => ModelAgentFactory.Create(sp, name, settings));
        }

        return builder;
    }

    /// <summary>
    /// The model <c>AgUi:Model</c> configures, as an <see cref="IChatClient"/> for agents of your own (a Microsoft
    /// Agent Framework <c>ChatClientAgent</c>), traced with Microsoft.Extensions.AI's GenAI-convention spans
    /// (<see cref="AgUiTelemetry.ChatClientSourceName"/>) so that their model and tool calls show under the run.
    /// </summary>
    private static IChatClient ConfiguredChatClient(IServiceProvider services)
    {
        var model = services.GetRequiredService<IOptions<ModelOptions>>().Value;
        if (model.Provider == ModelProvider.Offline)
        {
            throw new InvalidOperationException(
                "An agent asked for the configured model (IChatClient), but none is configured: set AgUi:Model:Provider and its settings.");
        }

        var recordContent = services.GetRequiredService<IOptions<AgUiTelemetryOptions>>().Value.RecordContent;
        return ModelClientFactory.Create(model).AsIChatClient()
            .AsBuilder()
            .UseOpenTelemetry(sourceName: AgUiTelemetry.ChatClientSourceName, configure: otel => otel.EnableSensitiveData = recordContent)
            .Build(services);
    }

    /// <summary>Fails at registration, naming the setting, when the provider is not one this agent speaks.</summary>
    private static void EnsureKnownProvider(IConfiguration configuration)
    {
        var key = $"{ModelOptions.SectionName}:{nameof(ModelOptions.Provider)}";
        var value = configuration[key];
        if (!string.IsNullOrWhiteSpace(value) && !(Enum.TryParse<ModelProvider>(value, ignoreCase: true, out var provider) && Enum.IsDefined(provider)))
        {
            throw new InvalidOperationException($"{key} must be Offline, AzureOpenAI, OpenAI or OpenAICompatible.");
        }
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
