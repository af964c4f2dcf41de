using System.Text.Json;
using System.Text.RegularExpressions;
using AgUi.Runtime.Hosting;

namespace AgUi.Deployment.Tests;

/// <summary>The triggers' names and routes, host.json's route prefix, the URL infra/ outputs and the hook's key command agree.</summary>
public sealed partial class TriggerRouteTests
{
    private static readonly string FunctionsSource = string.Join('\n',
        Directory.GetFiles(RepositoryFiles.PathOf("src/AgUi.Functions"), "*.cs", SearchOption.TopDirectoryOnly).Order(StringComparer.Ordinal).Select(File.ReadAllText));

    /// <summary>Each function's name with its trigger, in source order.</summary>
    private static IReadOnlyList<(string Name, Match Trigger)> Functions
    {
        get
        {
            var names = FunctionAttribute().Matches(FunctionsSource);
            var triggers = HttpTrigger().Matches(FunctionsSource);
            Assert.Equal(names.Count, triggers.Count);
            return [.. names.Zip(triggers, (n, t) => (n.Groups["name"].Value, t))];
        }
    }

    private static string RouteOf(string function) => Functions.Single(f => f.Name == function).Trigger.Groups["route"].Value;

    private static string RoutePrefix
    {
        get
        {
            using var host = JsonDocument.Parse(RepositoryFiles.Read("host.json"));
            return host.RootElement.GetProperty("extensions").GetProperty("http").GetProperty("routePrefix").GetString()!;
        }
    }

    [Fact]
    public void The_app_has_the_default_and_the_named_agent_functions_on_POST_with_a_function_key()
    {
        Assert.Equal([("agent", "agent"), ("agents", "agents/{name}")], Functions.Select(f => (f.Name, f.Trigger.Groups["route"].Value)));
        Assert.All(Functions, f =>
        {
            Assert.Equal("Function", f.Trigger.Groups["level"].Value);
            Assert.Equal("\"post\"", f.Trigger.Groups["methods"].Value.Trim());
        });
    }

    [Fact]
    public void The_url_infra_outputs_is_the_route_prefix_and_the_trigger_route()
    {
        var deployment = Deployments.AzdDefaults;
        var site = deployment.Single("Microsoft.Web/sites");

        Assert.Equal($"https://{ArmExpression.Reference(site.Id, "defaultHostName")}/{RoutePrefix}/{RouteOf("agent")}", deployment.Outputs["AGENT_ENDPOINT_URL"]);
    }

    [Fact]
    public void The_standalone_host_serves_the_same_paths_as_the_functions()
    {
        Assert.Equal(AgUiEndpointRouteBuilderExtensions.DefaultPattern, $"/{RoutePrefix}/{RouteOf("agent")}");
        Assert.Equal(AgUiEndpointRouteBuilderExtensions.NamedAgentPattern, $"/{RoutePrefix}/{RouteOf("agents")}");
    }

    [Fact]
    public void The_postdeploy_hook_prints_the_key_command_for_that_function_on_every_platform()
    {
        var azureYaml = RepositoryFiles.Read("azure.yaml");

        var commands = KeyCommand().Matches(azureYaml);

        Assert.Equal(2, commands.Count);
        Assert.All(commands, command => Assert.Equal("agent", command.Groups["name"].Value));
    }

    [GeneratedRegex(@"\[Function\(""(?<name>[^""]+)""\)\]")]
    private static partial Regex FunctionAttribute();

    [GeneratedRegex(@"\[HttpTrigger\(AuthorizationLevel\.(?<level>\w+),(?<methods>[^=]*),\s*Route\s*=\s*""(?<route>[^""]*)""\)\]")]
    private static partial Regex HttpTrigger();

    [GeneratedRegex(@"az functionapp function keys list -g \S+ -n \S+ --function-name (?<name>[\w-]+)")]
    private static partial Regex KeyCommand();
}
