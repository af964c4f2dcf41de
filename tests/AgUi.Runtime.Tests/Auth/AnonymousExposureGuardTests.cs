using System.Net;
using AgUi.Testing;
using Microsoft.Extensions.Logging;

namespace AgUi.Runtime.Tests.Auth;

/// <summary>
/// With no function key the server refuses non-loopback addresses unless anonymous access is explicit.
/// The test host always binds 127.0.0.1; the <c>urls</c> setting is what the app believes it listens on.
/// </summary>
public sealed class AnonymousExposureGuardTests
{
    private const string AllInterfaces = "http://0.0.0.0:0";

    [Theory]
    [InlineData(AllInterfaces)]
    [InlineData("http://*:0")]
    [InlineData("http://[::]:0")]
    [InlineData("http://127.0.0.1:0;http://192.0.2.10:0")]
    public async Task Refuses_to_start_on_a_non_loopback_address_without_a_key(string urls)
    {
        var failure = await Assert.ThrowsAsync<InvalidOperationException>(() => AgUiTestHost.StartAsync(o => o.Settings["urls"] = urls));

        Assert.Contains("AgUi:Auth:FunctionKeys", failure.Message, StringComparison.Ordinal);
        Assert.Contains("AgUi:Auth:AllowAnonymous", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Starts_on_a_non_loopback_address_with_AllowAnonymous_and_warns()
    {
        await using var host = await AgUiTestHost.StartAsync(o =>
        {
            o.Settings["urls"] = AllInterfaces;
            o.Settings["AgUi:Auth:AllowAnonymous"] = "true";
        });

        await AssertServesWithoutKeyAsync(host);
        Assert.Contains(host.Logs.Entries, e => e.Level == LogLevel.Warning && e.Message.Contains("AllowAnonymous is true", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Starts_on_a_non_loopback_address_with_a_key()
    {
        await using var host = await AgUiTestHost.StartAsync(o =>
        {
            o.Settings["urls"] = AllInterfaces;
            o.Settings["AgUi:Auth:FunctionKeys"] = "a-key-for-this-test";
        });

        using var request = RunRequests.Create(RunRequests.UserSays("hi"));
        using var response = await host.Client.SendAsync(request);
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("http://127.0.0.1:0")]
    [InlineData("http://localhost:0")]
    [InlineData("http://[::1]:0")]
    public async Task Starts_on_loopback_without_a_key_and_warns(string? urls)
    {
        await using var host = await AgUiTestHost.StartAsync(o => o.Settings["urls"] = urls);

        await AssertServesWithoutKeyAsync(host);
        Assert.Contains(host.Logs.Entries, e => e.Level == LogLevel.Warning && e.Message.Contains("listens on loopback only", StringComparison.Ordinal));
    }

    private static async Task AssertServesWithoutKeyAsync(AgUiTestHost host)
    {
        using var request = RunRequests.Create(RunRequests.UserSays("hi"));
        using var response = await host.Client.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }
}
