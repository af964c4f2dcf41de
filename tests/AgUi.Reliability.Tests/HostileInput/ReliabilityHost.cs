using AgUi.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace AgUi.Reliability.Tests.HostileInput;

/// <summary>
/// The shared in-process host with the settings every reliability suite assumes: a known function key and
/// a known request body limit, under whatever settings a suite adds.
/// </summary>
public static class ReliabilityHost
{
    public const string FunctionKey = "reliability-suite-key";
    public const long MaxRequestBodyBytes = 8 * 1024 * 1024;

    /// <summary>A started host with <paramref name="settings"/> on top of the suite's and services replaced by <paramref name="configureServices"/>.</summary>
    public static Task<AgUiTestHost> StartAsync(IReadOnlyDictionary<string, string?> settings, Action<IServiceCollection>? configureServices = null) =>
        AgUiTestHost.StartAsync(options =>
        {
            options.Settings["AgUi:Auth:FunctionKeys"] = FunctionKey;
            options.Settings["AgUi:MaxRequestBodyBytes"] = MaxRequestBodyBytes.ToString(System.Globalization.CultureInfo.InvariantCulture);
            foreach (var (key, value) in settings)
            {
                options.Settings[key] = value;
            }

            options.ConfigureServices = configureServices;
        });
}

/// <summary>The offline agent and the in-memory thread store: the host the hostile-input suite shares as a fixture.</summary>
public sealed class OfflineHostFixture : IAsyncLifetime
{
    private AgUiTestHost? host;

    public AgUiTestHost Host => host ?? throw new InvalidOperationException("The host has not started.");

    public async Task InitializeAsync() => host = await ReliabilityHost.StartAsync(new Dictionary<string, string?>());

    public async Task DisposeAsync()
    {
        if (host is not null)
        {
            await host.DisposeAsync();
        }
    }
}
