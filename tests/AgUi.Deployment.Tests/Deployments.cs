using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace AgUi.Deployment.Tests;

/// <summary>
/// The deployments the tests look at, each predicted once per test run: what <c>azd up</c> deploys
/// with its defaults, what main.bicep's own defaults deploy, and a deployment onto an existing Azure
/// OpenAI resource. Plus the ARM template Bicep compiles main.bicep to.
/// </summary>
internal static partial class Deployments
{
    public const string EnvironmentName = "agui-test";

    /// <summary>The object id azd passes as AZURE_PRINCIPAL_ID (the signed-in user).</summary>
    public const string DeployingPrincipalId = "0c3b7a52-5d0e-4f9a-9a41-7d2b2f6e1c08";

    public const string ExistingOpenAiSubscriptionId = "6f1c2d3e-0000-4000-8000-00000000b3d4";

    public const string ExistingOpenAiResourceId =
        $"/subscriptions/{ExistingOpenAiSubscriptionId}/resourceGroups/rg-models/providers/Microsoft.CognitiveServices/accounts/models-shared";

    public const string ExistingOpenAiEndpoint = "https://models-shared.openai.azure.com/";

    private static readonly Lazy<JsonDocument> Template = new(() => JsonDocument.Parse(BicepCli.Run("build", RepositoryFiles.PathOf("infra/main.bicep"), "--stdout", "--no-restore")));

    private static readonly Lazy<DeploymentSnapshot> AzdDefaultsSnapshot = new(() => DeploymentSnapshot.Of(AzdParameters(new Dictionary<string, string>
    {
        ["AZURE_ENV_NAME"] = EnvironmentName,
        ["AZURE_LOCATION"] = DeploymentSnapshot.Location,
        ["AZURE_PRINCIPAL_ID"] = DeployingPrincipalId,
    })));

    private static readonly Lazy<DeploymentSnapshot> TemplateDefaultsSnapshot = new(() => DeploymentSnapshot.Of(new Dictionary<string, object>
    {
        ["environmentName"] = EnvironmentName,
        ["location"] = DeploymentSnapshot.Location,
    }));

    private static readonly Lazy<DeploymentSnapshot> ExistingOpenAiSnapshot = new(() => DeploymentSnapshot.Of(AzdParameters(new Dictionary<string, string>
    {
        ["AZURE_ENV_NAME"] = EnvironmentName,
        ["AZURE_LOCATION"] = DeploymentSnapshot.Location,
        ["AZURE_OPENAI_EXISTING_ENDPOINT"] = ExistingOpenAiEndpoint,
        ["AZURE_OPENAI_EXISTING_RESOURCE_ID"] = ExistingOpenAiResourceId,
    })));

    /// <summary>infra/main.parameters.json as azd resolves it in an environment that sets only its name, region and principal.</summary>
    public static DeploymentSnapshot AzdDefaults => AzdDefaultsSnapshot.Value;

    /// <summary>main.bicep with nothing but the environment name and region given.</summary>
    public static DeploymentSnapshot TemplateDefaults => TemplateDefaultsSnapshot.Value;

    /// <summary>azd pointed at an existing Azure OpenAI resource (endpoint and resource id), with no deploying principal.</summary>
    public static DeploymentSnapshot ExistingOpenAi => ExistingOpenAiSnapshot.Value;

    /// <summary>The ARM JSON of infra/main.bicep, its modules inlined as nested templates.</summary>
    public static JsonElement CompiledTemplate => Template.Value.RootElement;

    /// <summary>
    /// The parameter values azd passes for infra/main.parameters.json: each <c>${NAME}</c> or
    /// <c>${NAME=default}</c> replaced by the environment's value, the default, or nothing; the
    /// result converted to the type main.bicep declares.
    /// </summary>
    public static Dictionary<string, object> AzdParameters(IReadOnlyDictionary<string, string> environment)
    {
        var types = CompiledTemplate.GetProperty("parameters").EnumerateObject()
            .ToDictionary(p => p.Name, p => p.Value.GetProperty("type").GetString()!, StringComparer.Ordinal);
        using var file = JsonDocument.Parse(RepositoryFiles.Read("infra/main.parameters.json"));
        var values = new Dictionary<string, object>(StringComparer.Ordinal);
        foreach (var parameter in file.RootElement.GetProperty("parameters").EnumerateObject())
        {
            var text = Substitution().Replace(parameter.Value.GetProperty("value").GetString()!, m =>
                environment.TryGetValue(m.Groups["name"].Value, out var set) ? set : m.Groups["default"].Value);
            values[parameter.Name] = types[parameter.Name].ToLowerInvariant() switch
            {
                "int" => int.Parse(text, CultureInfo.InvariantCulture),
                "bool" => bool.Parse(text),
                _ => text,
            };
        }

        return values;
    }

    [GeneratedRegex(@"\$\{(?<name>[A-Za-z_][A-Za-z0-9_]*)(=(?<default>[^}]*))?\}")]
    private static partial Regex Substitution();
}
