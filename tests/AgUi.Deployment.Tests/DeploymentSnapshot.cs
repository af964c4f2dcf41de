using System.Globalization;
using System.Text;
using System.Text.Json;

namespace AgUi.Deployment.Tests;

/// <summary>One resource <c>bicep snapshot</c> predicts, with its properties resolved as far as they can be before deployment.</summary>
internal sealed record PredictedResource(string Type, string Name, string Id, JsonElement Json)
{
    public JsonElement Properties => Json.GetProperty("properties");

    /// <summary>The string at a path of property names under the resource, rendered by <see cref="ArmExpression.Render"/>; null when absent.</summary>
    public string? Value(params string[] path)
    {
        var element = Json;
        foreach (var name in path)
        {
            if (element.ValueKind != JsonValueKind.Object || !element.TryGetProperty(name, out element))
            {
                return null;
            }
        }

        return element.ValueKind switch
        {
            JsonValueKind.String => ArmExpression.Render(element.GetString()!),
            JsonValueKind.Null or JsonValueKind.Undefined => null,
            _ => element.GetRawText(),
        };
    }

    public override string ToString() => $"{Type} {Name}";
}

/// <summary>
/// What a deployment of infra/main.bicep would create, from <c>bicep snapshot</c>: the predicted
/// resources and outputs for one set of parameter values, in a fixed subscription.
/// </summary>
internal sealed class DeploymentSnapshot
{
    public const string SubscriptionId = "6f1c2d3e-0000-4000-8000-00000000a9f1";
    public const string TenantId = "6f1c2d3e-0000-4000-8000-00000000c7e2";
    public const string Location = "eastus2";

    private DeploymentSnapshot(IReadOnlyList<PredictedResource> resources, IReadOnlyDictionary<string, string> rawOutputs)
    {
        Resources = resources;
        RawOutputs = rawOutputs;
    }

    public IReadOnlyList<PredictedResource> Resources { get; }

    /// <summary>The outputs as the snapshot wrote them (ARM expressions unrendered).</summary>
    public IReadOnlyDictionary<string, string> RawOutputs { get; }

    /// <summary>The deployment's outputs, each rendered by <see cref="ArmExpression.Render"/>.</summary>
    public IReadOnlyDictionary<string, string> Outputs => RawOutputs.ToDictionary(o => o.Key, o => ArmExpression.Render(o.Value), StringComparer.Ordinal);

    /// <summary>The Function App's app settings (the <c>appsettings</c> config resource) as the snapshot wrote them.</summary>
    public IReadOnlyDictionary<string, string> RawAppSettings => Single("Microsoft.Web/sites/config", "/appsettings").Properties
        .EnumerateObject()
        .ToDictionary(p => p.Name, p => p.Value.GetString()!, StringComparer.Ordinal);

    /// <summary>The app settings, each rendered by <see cref="ArmExpression.Render"/>.</summary>
    public IReadOnlyDictionary<string, string> AppSettings => RawAppSettings.ToDictionary(s => s.Key, s => ArmExpression.Render(s.Value), StringComparer.Ordinal);

    public IEnumerable<PredictedResource> OfType(string type) => Resources.Where(r => string.Equals(r.Type, type, StringComparison.OrdinalIgnoreCase));

    public PredictedResource Single(string type, string? nameEndsWith = null)
    {
        var matches = OfType(type).Where(r => nameEndsWith is null || r.Name.EndsWith(nameEndsWith, StringComparison.Ordinal)).ToList();
        return matches.Count == 1
            ? matches[0]
            : throw new InvalidOperationException($"Expected one {type}{(nameEndsWith is null ? "" : $" named *{nameEndsWith}")}, the snapshot predicts {matches.Count}.");
    }

    /// <summary>Runs <c>bicep snapshot</c> on infra/main.bicep with these parameter values (strings, ints, bools).</summary>
    public static DeploymentSnapshot Of(IReadOnlyDictionary<string, object> parameters)
    {
        var directory = Directory.CreateTempSubdirectory("agui-bicep-snapshot-");
        try
        {
            var parametersFile = Path.Combine(directory.FullName, "deployment.bicepparam");
            File.WriteAllText(parametersFile, ParametersFile(directory.FullName, parameters));
            BicepCli.Run("snapshot", parametersFile, "--mode", "overwrite",
                "--subscription-id", SubscriptionId, "--tenant-id", TenantId, "--location", Location, "--deployment-name", "agui");
            using var snapshot = JsonDocument.Parse(File.ReadAllText(Path.ChangeExtension(parametersFile, ".snapshot.json")));
            var root = snapshot.RootElement;
            var diagnostics = root.GetProperty("diagnostics");
            if (diagnostics.GetArrayLength() > 0)
            {
                throw new InvalidOperationException($"bicep snapshot reported diagnostics: {diagnostics.GetRawText()}");
            }

            var resources = root.GetProperty("predictedResources").EnumerateArray()
                .Select(r => new PredictedResource(r.GetProperty("type").GetString()!, r.GetProperty("name").GetString()!, r.GetProperty("id").GetString()!, r.Clone()))
                .ToList();
            var outputs = root.GetProperty("outputs").EnumerateObject().ToDictionary(o => o.Name, o => o.Value.GetString()!, StringComparer.Ordinal);
            return new DeploymentSnapshot(resources, outputs);
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    private static string ParametersFile(string directory, IReadOnlyDictionary<string, object> parameters)
    {
        // Bicep takes only a relative path in `using`.
        var template = Path.GetRelativePath(directory, RepositoryFiles.PathOf("infra/main.bicep")).Replace('\\', '/');
        var text = new StringBuilder($"using '{template}'\n");
        foreach (var (name, value) in parameters)
        {
            text.Append(CultureInfo.InvariantCulture, $"param {name} = {BicepLiteral(value)}\n");
        }

        return text.ToString();
    }

    private static string BicepLiteral(object value) => value switch
    {
        string text => $"'{text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("'", "\\'", StringComparison.Ordinal).Replace("${", "\\${", StringComparison.Ordinal)}'",
        int number => number.ToString(CultureInfo.InvariantCulture),
        bool flag => flag ? "true" : "false",
        _ => throw new ArgumentException($"No Bicep literal for {value.GetType()}.", nameof(value)),
    };
}
