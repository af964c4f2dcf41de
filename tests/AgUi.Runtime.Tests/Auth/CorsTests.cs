using System.Net;
using AgUi.Testing;

namespace AgUi.Runtime.Tests.Auth;

/// <summary>Browser clients (HttpAgent in a page) from the configured origins, and only those.</summary>
public sealed class CorsTests
{
    private const string AllowedOrigin = "https://chat.example.com";
    private const string OtherAllowedOrigin = "http://localhost:3000";
    private const string Key = "cors-test-key-5Hj2";

    [Theory]
    [InlineData(AllowedOrigin)]
    [InlineData(OtherAllowedOrigin)]
    public async Task Preflight_from_an_allowed_origin_is_answered_without_a_key(string origin)
    {
        await using var host = await StartAsync();
        using var preflight = Preflight(origin);

        using var response = await host.Client.SendAsync(preflight);

        Assert.True(response.IsSuccessStatusCode, $"preflight got {(int)response.StatusCode}");
        Assert.Equal([origin], response.Headers.GetValues("Access-Control-Allow-Origin"));
        Assert.Contains("POST", string.Join(',', response.Headers.GetValues("Access-Control-Allow-Methods")), StringComparison.Ordinal);
        var allowedHeaders = string.Join(',', response.Headers.GetValues("Access-Control-Allow-Headers"));
        Assert.Contains("x-functions-key", allowedHeaders, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("content-type", allowedHeaders, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Preflight_from_another_origin_gets_no_CORS_headers()
    {
        await using var host = await StartAsync();
        using var preflight = Preflight("https://evil.example.net");

        using var response = await host.Client.SendAsync(preflight);

        Assert.False(response.Headers.Contains("Access-Control-Allow-Origin"));
        Assert.False(response.Headers.Contains("Access-Control-Allow-Methods"));
    }

    [Fact]
    public async Task Run_from_an_allowed_origin_carries_the_allow_origin_header()
    {
        await using var host = await StartAsync();
        using var request = RunRequests.Create(RunRequests.UserSays("hi"));
        request.Headers.Add("Origin", AllowedOrigin);
        request.Headers.Add("x-functions-key", Key);

        using var response = await host.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal([AllowedOrigin], response.Headers.GetValues("Access-Control-Allow-Origin"));
    }

    [Fact]
    public async Task Refusal_for_an_allowed_origin_is_readable_by_the_page()
    {
        await using var host = await StartAsync();
        using var request = RunRequests.Create(RunRequests.UserSays("hi"));
        request.Headers.Add("Origin", AllowedOrigin);

        using var response = await host.Client.SendAsync(request);

        await ProblemResponses.AssertProblemAsync(response, HttpStatusCode.Unauthorized);
        Assert.Equal([AllowedOrigin], response.Headers.GetValues("Access-Control-Allow-Origin"));
    }

    private static Task<AgUiTestHost> StartAsync() => AgUiTestHost.StartAsync(o =>
    {
        o.Settings["AgUi:Cors:AllowedOrigins"] = $"{AllowedOrigin}, {OtherAllowedOrigin}";
        o.Settings["AgUi:Auth:FunctionKeys"] = Key;
    });

    private static HttpRequestMessage Preflight(string origin)
    {
        var request = new HttpRequestMessage(HttpMethod.Options, "/api/agent");
        request.Headers.Add("Origin", origin);
        request.Headers.Add("Access-Control-Request-Method", "POST");
        request.Headers.Add("Access-Control-Request-Headers", "content-type,x-functions-key");
        return request;
    }
}
