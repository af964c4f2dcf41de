using System.Text.Json;
using System.Xml.Linq;

namespace AgUi.Deployment.Tests;

/// <summary>The files `func start` and `azd` read are well formed and point at the Functions project.</summary>
public sealed class DeploymentFilesTests
{
    // The Functions host and Core Tools read these with a strict JSON reader: no comments, no trailing commas.
    private static readonly JsonDocumentOptions Strict = new() { CommentHandling = JsonCommentHandling.Disallow, AllowTrailingCommas = false };

    [Fact]
    public void Host_json_is_version_2_with_a_timeout_and_request_telemetry_kept_out_of_sampling()
    {
        using var host = JsonDocument.Parse(RepositoryFiles.Read("host.json"), Strict);
        var root = host.RootElement;

        Assert.Equal("2.0", root.GetProperty("version").GetString());
        Assert.True(TimeSpan.TryParse(root.GetProperty("functionTimeout").GetString(), System.Globalization.CultureInfo.InvariantCulture, out var timeout));
        Assert.InRange(timeout, TimeSpan.FromMinutes(5), TimeSpan.FromHours(1));
        var sampling = root.GetProperty("logging").GetProperty("applicationInsights").GetProperty("samplingSettings");
        Assert.Contains("Request", sampling.GetProperty("excludedTypes").GetString()!, StringComparison.Ordinal);
    }

    [Fact]
    public void Host_json_puts_the_host_in_OpenTelemetry_mode_so_its_request_span_is_the_parent_of_the_workers_spans()
    {
        using var host = JsonDocument.Parse(RepositoryFiles.Read("host.json"), Strict);

        Assert.Equal("OpenTelemetry", host.RootElement.GetProperty("telemetryMode").GetString());
    }

    [Fact]
    public void The_local_settings_sample_leaves_telemetry_export_off()
    {
        using var sample = JsonDocument.Parse(RepositoryFiles.Read("local.settings.sample.json"), Strict);
        var values = sample.RootElement.GetProperty("Values");

        Assert.Equal(string.Empty, values.GetProperty("APPLICATIONINSIGHTS_CONNECTION_STRING").GetString());
        Assert.Equal(string.Empty, values.GetProperty("APPLICATIONINSIGHTS_AUTHENTICATION_STRING").GetString());
    }

    [Fact]
    public void The_local_settings_sample_is_what_func_accepts_and_runs_on_Azurite()
    {
        using var sample = JsonDocument.Parse(RepositoryFiles.Read("local.settings.sample.json"), Strict);
        var root = sample.RootElement;

        Assert.False(root.GetProperty("IsEncrypted").GetBoolean());
        var values = root.GetProperty("Values").EnumerateObject().ToDictionary(p => p.Name, p => p.Value);
        Assert.All(values, pair => Assert.Equal(JsonValueKind.String, pair.Value.ValueKind));
        Assert.Equal("dotnet-isolated", values["FUNCTIONS_WORKER_RUNTIME"].GetString());
        Assert.Equal("UseDevelopmentStorage=true", values["AzureWebJobsStorage"].GetString());
        Assert.Equal("UseDevelopmentStorage=true", values["ThreadStorage"].GetString());
    }

    [Fact]
    public void Azure_yaml_deploys_the_Functions_project_as_a_dotnet_function()
    {
        var service = ServiceBlock(RepositoryFiles.Read("azure.yaml"), "api");

        Assert.Equal("dotnet", service["language"]);
        Assert.Equal("function", service["host"]);
        var project = RepositoryFiles.PathOf(service["project"]);
        var csproj = Assert.Single(Directory.GetFiles(project, "*.csproj"));
        Assert.Equal("v4", XDocument.Load(csproj).Descendants("AzureFunctionsVersion").Single().Value);
    }

    [Fact]
    public void The_Functions_project_copies_host_json_to_build_and_publish_output_and_never_publishes_local_settings()
    {
        var items = XDocument.Load(RepositoryFiles.PathOf("src/AgUi.Functions/AgUi.Functions.csproj"))
            .Descendants("None")
            .ToDictionary(item => Path.GetFileName(IncludePath(item)), item => item);

        var host = items["host.json"];
        Assert.Equal(RepositoryFiles.PathOf("host.json"), Path.GetFullPath(Path.Combine(RepositoryFiles.PathOf("src/AgUi.Functions"), IncludePath(host))));
        Assert.Equal("PreserveNewest", host.Element("CopyToOutputDirectory")?.Value);
        Assert.Equal("PreserveNewest", host.Element("CopyToPublishDirectory")?.Value);
        var localSettings = items["local.settings.json"];
        Assert.Equal("PreserveNewest", localSettings.Element("CopyToOutputDirectory")?.Value);
        Assert.Equal("Never", localSettings.Element("CopyToPublishDirectory")?.Value);
    }

    /// <summary>The scalar entries of <c>services: NAME:</c> in azure.yaml (block style, as azd writes it).</summary>
    private static Dictionary<string, string> ServiceBlock(string yaml, string name)
    {
        var lines = yaml.Split('\n').Select(l => l.TrimEnd('\r')).ToList();
        var services = lines.FindIndex(l => l == "services:");
        var start = lines.FindIndex(services + 1, l => l.Trim() == $"{name}:" && Indent(l) > 0);
        Assert.True(services >= 0 && start > services, $"azure.yaml has no services.{name}");
        var entries = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var line in lines.Skip(start + 1).TakeWhile(l => l.Trim().Length == 0 || Indent(l) > Indent(lines[start])))
        {
            var parts = line.Split(':', 2);
            if (parts.Length == 2 && parts[1].Trim().Length > 0)
            {
                entries[parts[0].Trim()] = parts[1].Trim();
            }
        }

        return entries;
    }

    // MSBuild paths use backslashes on every platform.
    private static string IncludePath(XElement item) => ((string)item.Attribute("Include")!).Replace('\\', Path.DirectorySeparatorChar);

    private static int Indent(string line) => line.Length - line.TrimStart(' ').Length;
}
