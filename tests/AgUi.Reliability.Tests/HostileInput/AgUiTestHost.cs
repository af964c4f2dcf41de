using AgUi.Runtime.Hosting;
using AgUi.Server;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace AgUi.Reliability.Tests.HostileInput;

/// <summary>
/// The standalone app as Program.cs composes it (<see cref="StandaloneServer"/>: AddAgUi, function-key
/// auth, MapAgUi) on a real Kestrel on loopback, configured only by the settings given here (no environment
/// variables, so the machine's settings cannot leak in), with services optionally replaced afterwards.
/// </summary>
public sealed class AgUiTestHost : IAsyncLifetime
{
    public const string FunctionKey = "reliability-suite-key";
    public const long MaxRequestBodyBytes = 8 * 1024 * 1024;

    private readonly IReadOnlyDictionary<string, string?> settings;
    private readonly Action<IServiceCollection>? configureServices;
    private WebApplication? app;

    /// <summary>The offline agent and the in-memory thread store: the host the hostile-input suite shares as a fixture.</summary>
    public AgUiTestHost()
        : this(new Dictionary<string, string?>(), null)
    {
    }

    private AgUiTestHost(IReadOnlyDictionary<string, string?> settings, Action<IServiceCollection>? configureServices)
    {
        this.settings = settings;
        this.configureServices = configureServices;
    }

    public Uri Endpoint { get; private set; } = null!;

    public HttpClient Client { get; } = new() { Timeout = TimeSpan.FromSeconds(30) };

    /// <summary>The app's services, e.g. its thread store (in memory: no ThreadStorage is configured).</summary>
    public IServiceProvider Services => app?.Services ?? throw new InvalidOperationException("The host has not started.");

    /// <summary>A started host with <paramref name="settings"/> on top of the defaults and services replaced by <paramref name="configureServices"/>.</summary>
    public static async Task<AgUiTestHost> StartAsync(IReadOnlyDictionary<string, string?> settings, Action<IServiceCollection>? configureServices = null)
    {
        var host = new AgUiTestHost(settings, configureServices);
        await host.InitializeAsync();
        return host;
    }

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateBuilder();
        builder.Logging.ClearProviders();
        builder.Configuration.Sources.Clear();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["AgUi:Auth:FunctionKeys"] = FunctionKey,
            ["AgUi:MaxRequestBodyBytes"] = MaxRequestBodyBytes.ToString(System.Globalization.CultureInfo.InvariantCulture),
        });
        builder.Configuration.AddInMemoryCollection(settings);

        // After the sources are replaced: the URL is stored as a setting, and a cleared one means port 5000.
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        StandaloneServer.ConfigureServices(builder);
        configureServices?.Invoke(builder.Services);
        app = builder.Build();
        StandaloneServer.ConfigurePipeline(app);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        Endpoint = new Uri(new Uri(address), AgUiEndpointRouteBuilderExtensions.DefaultPattern);
    }

    public async Task DisposeAsync()
    {
        Client.Dispose();
        if (app is not null)
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }
    }
}
