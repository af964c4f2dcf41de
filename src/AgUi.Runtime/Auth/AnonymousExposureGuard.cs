using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace AgUi.Runtime.Auth;

/// <summary>
/// Runs before the server binds: with no function key configured it warns, and it refuses to start on
/// any address but loopback unless anonymous access was asked for explicitly.
/// </summary>
internal sealed partial class AnonymousExposureGuard(
    IServer server,
    IConfiguration configuration,
    IOptionsMonitor<FunctionKeyAuthenticationOptions> options,
    ILogger<AnonymousExposureGuard> logger) : IStartupFilter
{
    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next)
    {
        var settings = options.Get(FunctionKeyDefaults.AuthenticationScheme);
        if (settings.FunctionKeys.Any(k => !string.IsNullOrEmpty(k)))
        {
            return next;
        }

        if (settings.AllowAnonymous)
        {
            LogAnonymous(logger);
            return next;
        }

        var exposed = ConfiguredAddresses().Where(a => !IsLoopback(a)).ToList();
        if (exposed.Count > 0)
        {
            throw new InvalidOperationException(
                $"No function key is configured (AgUi:Auth:FunctionKeys), so the server refuses to listen on {string.Join(", ", exposed)}. " +
                "Configure a key, listen on loopback only, or set AgUi:Auth:AllowAnonymous=true to serve without a key.");
        }

        LogNoKeyLoopbackOnly(logger);
        return next;
    }

    private IEnumerable<string> ConfiguredAddresses()
    {
        var addresses = server.Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
        var endpoints = configuration.GetSection("Kestrel:Endpoints").GetChildren().Select(e => e["Url"]).OfType<string>();
        return addresses.Concat(endpoints);
    }

    internal static bool IsLoopback(string address)
    {
        if (!Uri.TryCreate(address.Replace("://*", "://any-host", StringComparison.Ordinal).Replace("://+", "://any-host", StringComparison.Ordinal),
                UriKind.Absolute, out var uri))
        {
            return false;
        }

        return uri.IsLoopback || (IPAddress.TryParse(uri.Host.Trim('[', ']'), out var ip) && IPAddress.IsLoopback(ip));
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "No function key is configured and AgUi:Auth:AllowAnonymous is true: anyone who can reach this server can run the agent.")]
    private static partial void LogAnonymous(ILogger logger);

    [LoggerMessage(Level = LogLevel.Warning, Message = "No function key is configured (AgUi:Auth:FunctionKeys): the agent accepts requests without a key, and the server listens on loopback only.")]
    private static partial void LogNoKeyLoopbackOnly(ILogger logger);
}
