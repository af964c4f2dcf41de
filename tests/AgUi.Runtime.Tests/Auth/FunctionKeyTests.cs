using System.Net;
using AgUi.Testing;
using Microsoft.Extensions.Logging;

namespace AgUi.Runtime.Tests.Auth;

/// <summary>Function-key authentication of the standalone host, as Azure Functions does it.</summary>
public sealed class FunctionKeyTests
{
    private const string CurrentKey = "current-Kx7pQ2vR9sT4";
    private const string NextKey = "next-Zm3nB8wY6cD1";

    public static TheoryData<string, string> KeySettings => new()
    {
        { "AgUi:Auth:FunctionKeys", $"{CurrentKey}, {NextKey}" },
        { "AgUi:Auth:FunctionKeys:0", CurrentKey },
    };

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("not-a-key")]
    [InlineData(CurrentKey + "x")]
    [InlineData("current-kx7pq2vr9st4")]
    public async Task Missing_or_wrong_key_gets_401_problem_json(string? presented)
    {
        await using var host = await StartWithKeysAsync();
        using var request = RunRequests.Create(RunRequests.UserSays("hi"));
        if (presented is not null)
        {
            request.Headers.Add("x-functions-key", presented);
        }

        using var response = await host.Client.SendAsync(request);

        await ProblemResponses.AssertProblemAsync(response, HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Wrong_key_in_the_query_gets_401()
    {
        await using var host = await StartWithKeysAsync();
        using var request = RunRequests.Create(RunRequests.UserSays("hi"));
        request.RequestUri = new Uri($"{request.RequestUri}?code=not-a-key", UriKind.Relative);

        using var response = await host.Client.SendAsync(request);

        await ProblemResponses.AssertProblemAsync(response, HttpStatusCode.Unauthorized);
    }

    [Theory]
    [InlineData(CurrentKey, false)]
    [InlineData(NextKey, false)]
    [InlineData(CurrentKey, true)]
    [InlineData(NextKey, true)]
    public async Task Every_configured_key_is_accepted_in_the_header_and_in_the_query(string key, bool inQuery)
    {
        await using var host = await StartWithKeysAsync();
        using var request = KeyedRequest(key, inQuery);

        using var response = await host.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("RUN_FINISHED", (await SseReader.ReadToEndAsync(response)).Events[^1].Type);
    }

    [Theory]
    [MemberData(nameof(KeySettings))]
    public async Task Keys_are_read_as_a_comma_list_or_an_array(string setting, string value)
    {
        await using var host = await AgUiTestHost.StartAsync(o => o.Settings[setting] = value);

        using var keyed = KeyedRequest(CurrentKey, inQuery: false);
        using var unkeyed = RunRequests.Create(RunRequests.UserSays("hi"));
        using var withKey = await host.Client.SendAsync(keyed);
        using var withoutKey = await host.Client.SendAsync(unkeyed);

        Assert.Equal(HttpStatusCode.OK, withKey.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, withoutKey.StatusCode);
    }

    [Fact]
    public async Task No_key_is_ever_logged_even_with_every_log_category_at_trace()
    {
        await using var host = await StartWithKeysAsync(new()
        {
            ["Logging:LogLevel:Default"] = "Trace",
            ["Logging:LogLevel:Microsoft"] = "Trace",
            ["Logging:LogLevel:Microsoft.AspNetCore"] = "Trace",
        });
        const string wrongKey = "wrong-Qa5sW1eD7fG3";
        foreach (var (key, inQuery) in new[] { (CurrentKey, false), (NextKey, true), (wrongKey, false), (wrongKey, true) })
        {
            using var request = KeyedRequest(key, inQuery);
            using var response = await host.Client.SendAsync(request);
            await response.Content.ReadAsStringAsync();
        }

        var logs = host.Logs.Entries;
        Assert.Contains(logs, e => e.Level <= LogLevel.Debug && e.Category.StartsWith("Microsoft.AspNetCore", StringComparison.Ordinal));
        Assert.Contains(logs, e => e.Category.Contains("FunctionKeyAuthenticationHandler", StringComparison.Ordinal));
        Assert.All(logs, e =>
        {
            var text = e.AllText();
            Assert.DoesNotContain(CurrentKey, text, StringComparison.Ordinal);
            Assert.DoesNotContain(NextKey, text, StringComparison.Ordinal);
            Assert.DoesNotContain(wrongKey, text, StringComparison.Ordinal);
        });
    }

    private static Task<AgUiTestHost> StartWithKeysAsync(Dictionary<string, string?>? extraSettings = null) =>
        AgUiTestHost.StartAsync(o =>
        {
            o.Settings["AgUi:Auth:FunctionKeys:0"] = CurrentKey;
            o.Settings["AgUi:Auth:FunctionKeys:1"] = NextKey;
            foreach (var (name, value) in extraSettings ?? [])
            {
                o.Settings[name] = value;
            }
        });

    private static HttpRequestMessage KeyedRequest(string key, bool inQuery)
    {
        var request = RunRequests.Create(RunRequests.UserSays("hi"));
        if (inQuery)
        {
            request.RequestUri = new Uri($"{request.RequestUri}?code={Uri.EscapeDataString(key)}", UriKind.Relative);
        }
        else
        {
            request.Headers.Add("x-functions-key", key);
        }

        return request;
    }
}
