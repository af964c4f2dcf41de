using System.Net;
using AgUi.Protocol.Input;
using AgUi.Runtime.Agents;
using AgUi.Runtime.Hosting;
using AgUi.Server;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Configuration.EnvironmentVariables;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace AgUi.Testing;

/// <summary>What an <see cref="AgUiTestHost"/> serves and how it is configured.</summary>
public sealed class AgUiTestHostOptions
{
    /// <summary>Serves this agent as the default agent (registered with UseAgent); null keeps the host's own choice.</summary>
    public IAgent? Agent { get; set; }

    /// <summary>
    /// Configuration on top of the server's appsettings.json, e.g. <c>["AgUi:HeartbeatInterval"] = "00:00:00.2"</c>.
    /// Environment variables are not read, so the machine's settings never leak into a test.
    /// </summary>
    public IDictionary<string, string?> Settings { get; } = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);

    /// <summary>The host environment; Production unless a test is about what differs in Development.</summary>
    public string EnvironmentName { get; set; } = Environments.Production;

    /// <summary>Registers tools and agents on the app's <see cref="AgUiBuilder"/>, the way an app does after AddAgUi.</summary>
    public Action<AgUiBuilder>? ConfigureAgUi { get; set; }

    /// <summary>Runs after the host registered its services, to add or replace any of them.</summary>
    public Action<IServiceCollection>? ConfigureServices { get; set; }

    /// <summary>Serves the model agent over <paramref name="server"/> as an OpenAI-compatible provider asking for <paramref name="model"/>, without retries.</summary>
    public void UseScriptedModel(ScriptedModelServer server, string model)
    {
        ArgumentNullException.ThrowIfNull(server);
        Settings["AgUi:Model:Provider"] = "OpenAICompatible";
        Settings["AgUi:Model:Endpoint"] = server.BaseUrl.ToString();
        Settings["AgUi:Model:Model"] = model;
        Settings["AgUi:Model:MaxRetries"] = "0";
    }
}

/// <summary>
/// The standalone server (<see cref="StandaloneServer"/>, as Program.cs composes it) running in-process on
/// real Kestrel sockets. It always listens on 127.0.0.1 at a free port: a <c>urls</c> setting only changes
/// the addresses the app believes it was given, because Kestrel prefers its code-configured endpoint. That
/// lets a test present a non-loopback address to the start-up checks without opening one.
/// </summary>
public sealed class AgUiTestHost : IAsyncDisposable
{
    private readonly WebApplication app;

    private AgUiTestHost(WebApplication app, Uri baseAddress, LogCapture logs)
    {
        this.app = app;
        BaseAddress = baseAddress;
        Logs = logs;
        Client = new HttpClient(new SocketsHttpHandler { UseProxy = false, AllowAutoRedirect = false })
        {
            BaseAddress = baseAddress,
            Timeout = TimeSpan.FromSeconds(30),
        };
    }

    /// <summary>The server's root, e.g. <c>http://127.0.0.1:49152/</c>.</summary>
    public Uri BaseAddress { get; }

    /// <summary>The absolute URL of the AG-UI endpoint, <c>POST /api/agent</c>.</summary>
    public Uri Endpoint => new(BaseAddress, AgUiEndpointRouteBuilderExtensions.DefaultPattern);

    /// <summary>The absolute URL of a named agent, <c>POST /api/agents/{name}</c>.</summary>
    public Uri EndpointOf(string agentName) => new(BaseAddress, $"/api/agents/{Uri.EscapeDataString(agentName)}");

    /// <summary>A client for this server, with <see cref="HttpClient.BaseAddress"/> set and no proxy.</summary>
    public HttpClient Client { get; }

    /// <summary>Everything the app logged, from the moment it was built.</summary>
    public LogCapture Logs { get; }

    public IServiceProvider Services => app.Services;

    /// <summary>Posts a run the way HttpAgent does and reads its whole stream; fails unless the answer is a 200 SSE stream.</summary>
    public async Task<SseReader> RunAsync(RunAgentInput input, CancellationToken cancellationToken = default) =>
        await RunAsync(Endpoint, input, cancellationToken);

    /// <summary>Posts a run to <paramref name="endpoint"/> the way HttpAgent does and reads its whole stream.</summary>
    public async Task<SseReader> RunAsync(Uri endpoint, RunAgentInput input, CancellationToken cancellationToken = default)
    {
        using var request = RunRequests.Create(input, endpoint);
        using var response = await Client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        return await SseReader.ReadToEndAsync(response, cancellationToken);
    }

    public static async Task<AgUiTestHost> StartAsync(Action<AgUiTestHostOptions>? configure = null)
    {
        var options = new AgUiTestHostOptions();
        configure?.Invoke(options);

        var logs = new LogCapture();
        var app = Build(options, logs);
        try
        {
            await app.StartAsync();
            var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single();
            return new AgUiTestHost(app, new Uri(address.TrimEnd('/') + "/"), logs);
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }
    }

    private static WebApplication Build(AgUiTestHostOptions options, LogCapture logs)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            EnvironmentName = options.EnvironmentName,
            ContentRootPath = AppContext.BaseDirectory,
        });

        foreach (var source in builder.Configuration.Sources.OfType<EnvironmentVariablesConfigurationSource>().ToList())
        {
            builder.Configuration.Sources.Remove(source);
        }

        builder.Configuration.AddInMemoryCollection(options.Settings);
        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        builder.Logging.ClearProviders();
        builder.Logging.AddProvider(logs);

        StandaloneServer.ConfigureServices(builder);
        var agUi = builder.Services.AddAgUi(builder.Configuration);
        if (options.Agent is { } agent)
        {
            agUi.UseAgent(_ => agent);
        }

        options.ConfigureAgUi?.Invoke(agUi);

        options.ConfigureServices?.Invoke(builder.Services);

        var app = builder.Build();
        StandaloneServer.ConfigurePipeline(app);
        return app;
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        // Past this, Kestrel aborts what is still open instead of waiting for it.
        using var shutdown = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        await app.StopAsync(shutdown.Token);
        await app.DisposeAsync();
    }
}
