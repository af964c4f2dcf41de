using System.Net;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using AgUi.Server.Playground;
using AgUi.Testing;
using Microsoft.Extensions.Logging;

namespace AgUi.Playground.Tests;

/// <summary>When the host serves the playground, with which headers, and what the agent list tells the page.</summary>
public sealed partial class PlaygroundServingTests
{
    [Theory]
    [InlineData("Production", null, false, "the default in the Production environment")]
    [InlineData("Development", null, true, "the default in the Development environment")]
    [InlineData("Development", "false", false, "as configured")]
    [InlineData("Production", "true", true, "as configured")]
    public async Task The_page_is_served_only_when_enabled_by_default_in_Development_and_the_start_up_log_says_which(
        string environment, string? setting, bool served, string reason)
    {
        await using var host = await AgUiTestHost.StartAsync(options =>
        {
            options.EnvironmentName = environment;
            options.Settings[PlaygroundEndpoints.EnabledSetting] = setting;
        });

        var expected = served ? HttpStatusCode.OK : HttpStatusCode.NotFound;
        foreach (var path in new[] { "/", "/playground/playground.js", "/playground/playground.css", PlaygroundEndpoints.AgentsPath })
        {
            using var response = await host.Client.GetAsync(path);
            Assert.True(expected == response.StatusCode, $"GET {path} answered {(int)response.StatusCode}, expected {(int)expected}.");
        }

        var line = Assert.Single(host.Logs.Entries, e => e.Category == typeof(PlaygroundEndpoints).FullName);
        Assert.Equal(LogLevel.Information, line.Level);
        Assert.StartsWith(served ? "Playground: serving the page at / (AgUi:Playground:Enabled is true" : "Playground: off (AgUi:Playground:Enabled is false", line.Message, StringComparison.Ordinal);
        Assert.Contains(reason, line.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_page_and_its_files_carry_a_strict_content_security_policy_and_the_page_has_no_inline_code()
    {
        await using var host = await PlaygroundHosts.OfflineAsync();

        foreach (var (path, type) in new[] { ("/", "text/html"), ("/playground/playground.js", "text/javascript"), ("/playground/playground.css", "text/css"), ("/playground/favicon.svg", "image/svg+xml") })
        {
            using var response = await host.Client.GetAsync(path);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal(type, response.Content.Headers.ContentType?.MediaType);
            var policy = Assert.Single(response.Headers.GetValues("Content-Security-Policy"));
            var directives = policy.Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
                .ToDictionary(d => d.Split(' ')[0], d => d.Split(' ')[1..]);
            Assert.Equal(["'none'"], directives["default-src"]);
            Assert.Equal(["'self'"], directives["script-src"]);
            Assert.Equal(["'self'"], directives["style-src"]);
            Assert.Equal(["'self'"], directives["connect-src"]);
            Assert.Equal(["'none'"], directives["frame-ancestors"]);
            Assert.DoesNotContain("unsafe", policy, StringComparison.Ordinal);
            Assert.Equal("nosniff", Assert.Single(response.Headers.GetValues("X-Content-Type-Options")));
        }

        var page = await host.Client.GetStringAsync("/");
        Assert.Empty(InlineScript().Matches(page));
        Assert.Empty(InlineHandlerOrStyle().Matches(page));
        Assert.DoesNotMatch("(src|href)=\"(https?:)?//", page);
        var notices = await host.Client.GetStringAsync("/playground/third-party-notices.txt");
        Assert.Contains("@ag-ui/client 1.0.0", notices, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_agent_list_names_every_agent_with_its_url_and_needs_the_function_key()
    {
        await using var host = await PlaygroundHosts.OfflineAsync(options =>
        {
            options.Settings["AgUi:Auth:FunctionKeys"] = "list-key";
            options.ConfigureAgUi = agUi => agUi.AddAgent("Helper-2", _ => new DelegateAgent((_, _) => AsyncEnumerable.Empty<AgUi.Protocol.Events.BaseEvent>()));
        });

        using var withoutKey = await host.Client.GetAsync(PlaygroundEndpoints.AgentsPath);
        Assert.Equal(HttpStatusCode.Unauthorized, withoutKey.StatusCode);
        using var request = new HttpRequestMessage(HttpMethod.Get, PlaygroundEndpoints.AgentsPath) { Headers = { { "x-functions-key", "list-key" } } };
        using var withKey = await host.Client.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, withKey.StatusCode);
        Assert.Equal("no-store", withKey.Headers.CacheControl?.ToString());
        Assert.True(JsonNode.DeepEquals(
            JsonNode.Parse("""{"agents":[{"name":"default","url":"/api/agent"},{"name":"helper-2","url":"/api/agents/helper-2"}]}"""),
            JsonNode.Parse(await withKey.Content.ReadAsStringAsync())));
    }

    [GeneratedRegex("<script(?![^>]*\\ssrc=)[^>]*>", RegexOptions.IgnoreCase)]
    private static partial Regex InlineScript();

    [GeneratedRegex("\\s(on[a-z]+|style)\\s*=", RegexOptions.IgnoreCase)]
    private static partial Regex InlineHandlerOrStyle();
}
