namespace AgUi.Deployment.Tests;

/// <summary>The chat model infra/ deploys and how the app is pointed at it.</summary>
public sealed class ModelDeploymentTests
{
    /// <summary>
    /// Chat models whose GA versions Azure OpenAI's model retirement table lists as retired (checked
    /// 2026-12): a deployment of any of them fails.
    /// </summary>
    private static readonly string[] RetiredModels = ["gpt-4o", "gpt-4o-mini", "gpt-4.1", "gpt-4.1-mini", "gpt-4.1-nano", "o3-mini", "o4-mini"];

    [Fact]
    public void The_app_talks_to_the_account_and_chat_deployment_it_creates()
    {
        var deployment = Deployments.AzdDefaults;
        var account = deployment.Single("Microsoft.CognitiveServices/accounts");
        var chat = deployment.Single("Microsoft.CognitiveServices/accounts/deployments");
        var settings = deployment.AppSettings;

        Assert.Equal($"{account.Name}/{settings["AgUi__Model__Deployment"]}", chat.Name);
        Assert.Equal("AzureOpenAI", settings["AgUi__Model__Provider"]);
        Assert.StartsWith($"https://{account.Value("properties", "customSubDomainName")}.openai.azure.com/", settings["AgUi__Model__Endpoint"], StringComparison.Ordinal);
        Assert.Equal(settings["AgUi__Model__Endpoint"], deployment.Outputs["AZURE_OPENAI_ENDPOINT"]);
        Assert.Equal(settings["AgUi__Model__Deployment"], deployment.Outputs["AZURE_OPENAI_DEPLOYMENT_NAME"]);
    }

    [Fact]
    public void On_an_existing_Azure_OpenAI_resource_the_app_talks_to_that_resource()
    {
        var settings = Deployments.ExistingOpenAi.AppSettings;

        Assert.Equal("AzureOpenAI", settings["AgUi__Model__Provider"]);
        Assert.StartsWith(Deployments.ExistingOpenAiEndpoint, settings["AgUi__Model__Endpoint"], StringComparison.Ordinal);
    }

    [Fact]
    public void Azd_and_main_bicep_deploy_the_same_default_model()
    {
        Assert.Equal(Model(Deployments.TemplateDefaults), Model(Deployments.AzdDefaults));
    }

    [Fact]
    public void The_default_model_is_not_one_Azure_OpenAI_has_retired()
    {
        var (format, name, version) = Model(Deployments.AzdDefaults);

        Assert.Equal("OpenAI", format);
        Assert.DoesNotContain(name, RetiredModels);
        Assert.Matches(@"^\d{4}-\d{2}-\d{2}$", version);
    }

    private static (string? Format, string? Name, string? Version) Model(DeploymentSnapshot deployment)
    {
        var chat = deployment.Single("Microsoft.CognitiveServices/accounts/deployments");
        return (chat.Value("properties", "model", "format"), chat.Value("properties", "model", "name"), chat.Value("properties", "model", "version"));
    }
}
