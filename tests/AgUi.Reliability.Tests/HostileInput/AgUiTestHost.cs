using AgUi.Runtime.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace AgUi.Reliability.Tests.HostileInput;

/// <summary>
/// The AG-UI app as the standalone host wires it (AddAgUi, function-key auth, MapAgUi) on a real
/// Kestrel on loopback, with the offline agent; shared by every hostile request of a test class.
/// </summary>
public sealed class AgUiTestHost : IAsyncLifetime
{
    public const string FunctionKey = "reliability-suite-key";
    public const long MaxRequestBodyBytes = 8 * 1024 * 1024;

    private WebApplication? app;

    public Uri Endpoint { get; private set; } = null!;

    public HttpClient Client { get; } = new() { Timeout = TimeSpan.FromSeconds(30) };

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["AgUi:Auth:FunctionKeys"] = FunctionKey,
            ["AgUi:MaxRequestBodyBytes"] = MaxRequestBodyBytes.ToString(System.Globalization.CultureInfo.InvariantCulture),
        });
        builder.Services.AddAgUi(builder.Configuration);
        builder.Services.AddFunctionKeyAuthentication(builder.Configuration);

        app = builder.Build();
        app.UseAuthentication();
        app.UseAuthorization();
        app.MapAgUi().RequireFunctionKey();
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
