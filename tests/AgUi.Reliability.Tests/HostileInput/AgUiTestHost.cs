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
/// auth, MapAgUi) on a real Kestrel on loopback, with the offline agent and only the settings below (no
/// environment variables, so the machine's settings cannot leak in); shared by a test class.
/// </summary>
public sealed class AgUiTestHost : IAsyncLifetime
{
    public const string FunctionKey = "reliability-suite-key";
    public const long MaxRequestBodyBytes = 8 * 1024 * 1024;

    private WebApplication? app;

    public Uri Endpoint { get; private set; } = null!;

    public HttpClient Client { get; } = new() { Timeout = TimeSpan.FromSeconds(30) };

    /// <summary>The app's services, e.g. its thread store (in memory: no ThreadStorage is configured).</summary>
    public IServiceProvider Services => app?.Services ?? throw new InvalidOperationException("The host has not started.");

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Configuration.Sources.Clear();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["AgUi:Auth:FunctionKeys"] = FunctionKey,
            ["AgUi:MaxRequestBodyBytes"] = MaxRequestBodyBytes.ToString(System.Globalization.CultureInfo.InvariantCulture),
        });
        StandaloneServer.ConfigureServices(builder);
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
