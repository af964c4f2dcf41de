using System.Text.Json;
using System.Text.RegularExpressions;
using AgUi.Runtime.Hosting;

namespace AgUi.Deployment.Tests;

/// <summary>The trigger's name and route, host.json's route prefix, the URL infra/ outputs and the hook's key command agree.</summary>
public sealed partial class TriggerRouteTests
{
    private static readonly string FunctionsSource = string.Join('\n',
        Directory.GetFiles(RepositoryFiles.PathOf("src/AgUi.Functions"), "*.cs", SearchOption.TopDirectoryOnly).Order(StringComparer.Ordinal).Select(File.ReadAllText));

    private static string FunctionName => Assert.Single(FunctionAttribute().Matches(FunctionsSource)).Groups["name"].Value;

    private static string TriggerRoute => Assert.Single(HttpTrigger().Matches(FunctionsSource)).Groups["route"].Value;

    private static string RoutePrefix
    {
        get
        {
            using var host = JsonDocument.Parse(RepositoryFiles.Read("host.json"));
            return host.RootElement.GetProperty("extensions").GetProperty("http").GetProperty("routePrefix").GetString()!;
        }
    }

    [Fact]
    public void The_app_has_one_function_named_agent_on_POST_with_a_function_key()
    {
        Assert.Equal("agent", FunctionName);
        var trigger = Assert.Single(HttpTrigger().Matches(FunctionsSource));
        Assert.Equal("Function", trigger.Groups["level"].Value);
        Assert.Equal("\"post\"", trigger.Groups["methods"].Value.Trim());
    }

    [Fact]
    public void The_url_infra_outputs_is_the_route_prefix_and_the_trigger_route()
    {
        var deployment = Deployments.AzdDefaults;
        var site = deployment.Single("Microsoft.Web/sites");

        Assert.Equal($"https://{ArmExpression.Reference(site.Id, "defaultHostName")}/{RoutePrefix}/{TriggerRoute}", deployment.Outputs["AGENT_ENDPOINT_URL"]);
    }

    [Fact]
    public void The_standalone_host_serves_the_same_path_as_the_function()
    {
        Assert.Equal(AgUiEndpointRouteBuilderExtensions.DefaultPattern, $"/{RoutePrefix}/{TriggerRoute}");
    }

    [Fact]
    public void The_postdeploy_hook_prints_the_key_command_for_that_function_on_every_platform()
    {
        var azureYaml = RepositoryFiles.Read("azure.yaml");

        var commands = KeyCommand().Matches(azureYaml);

        Assert.Equal(2, commands.Count);
        Assert.All(commands, command => Assert.Equal(FunctionName, command.Groups["name"].Value));
    }

    [GeneratedRegex(@"\[Function\(""(?<name>[^""]+)""\)\]")]
    private static partial Regex FunctionAttribute();

    [GeneratedRegex(@"\[HttpTrigger\(AuthorizationLevel\.(?<level>\w+),(?<methods>[^=]*),\s*Route\s*=\s*""(?<route>[^""]*)""\)\]")]
    private static partial Regex HttpTrigger();

    [GeneratedRegex(@"az functionapp function keys list -g \S+ -n \S+ --function-name (?<name>[\w-]+)")]
    private static partial Regex KeyCommand();
}
