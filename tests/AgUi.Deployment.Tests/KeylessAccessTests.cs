using static AgUi.Deployment.Tests.ArmExpression;
using static AgUi.Deployment.Tests.BuiltInRoles;

namespace AgUi.Deployment.Tests;

/// <summary>
/// Nothing in the deployment holds a key: the app's user-assigned identity reaches storage, Application
/// Insights and Azure OpenAI through data-plane roles, and those services refuse keys. Read from what
/// <c>bicep snapshot</c> predicts for infra/.
/// </summary>
public sealed class KeylessAccessTests
{
    private static DeploymentSnapshot Deployment => Deployments.AzdDefaults;

    private static PredictedResource Identity => Deployment.Single("Microsoft.ManagedIdentity/userAssignedIdentities");

    private static PredictedResource Storage => Deployment.Single("Microsoft.Storage/storageAccounts");

    [Fact]
    public void The_Functions_host_reaches_its_storage_with_the_app_identity()
    {
        var settings = Deployment.AppSettings;

        Assert.DoesNotContain("AzureWebJobsStorage", settings.Keys);
        Assert.Equal("managedidentity", settings["AzureWebJobsStorage__credential"]);
        Assert.Equal(Reference(Identity.Id, "clientId"), settings["AzureWebJobsStorage__clientId"]);
        Assert.Equal(Reference(Storage.Id, "primaryEndpoints.blob"), settings["AzureWebJobsStorage__blobServiceUri"]);
        Assert.Equal(Reference(Storage.Id, "primaryEndpoints.queue"), settings["AzureWebJobsStorage__queueServiceUri"]);
        Assert.Equal(Reference(Storage.Id, "primaryEndpoints.table"), settings["AzureWebJobsStorage__tableServiceUri"]);
    }

    [Fact]
    public void Every_identity_based_connection_names_the_app_identity_and_a_service_of_the_storage_account()
    {
        var settings = Deployment.AppSettings;
        var connections = settings.Keys
            .Where(name => name.EndsWith("__credential", StringComparison.Ordinal))
            .Select(name => name[..^"__credential".Length])
            .ToList();

        Assert.Equal(["AzureWebJobsStorage", "ThreadStorage"], connections.Order(StringComparer.Ordinal));
        string[] storageEndpoints =
        [
            Reference(Storage.Id, "primaryEndpoints.blob"),
            Reference(Storage.Id, "primaryEndpoints.queue"),
            Reference(Storage.Id, "primaryEndpoints.table"),
        ];
        foreach (var connection in connections)
        {
            Assert.Equal("managedidentity", settings[$"{connection}__credential"]);
            Assert.Equal(Reference(Identity.Id, "clientId"), settings[$"{connection}__clientId"]);
            var serviceUris = settings.Where(s => s.Key.StartsWith($"{connection}__", StringComparison.Ordinal) && s.Key.EndsWith("ServiceUri", StringComparison.Ordinal)).ToList();
            Assert.NotEmpty(serviceUris);
            Assert.All(serviceUris, uri => Assert.Contains(uri.Value, storageEndpoints));
        }
    }

    [Fact]
    public void DefaultAzureCredential_in_the_app_picks_the_app_identity()
    {
        Assert.Equal(Reference(Identity.Id, "clientId"), Deployment.AppSettings["AZURE_CLIENT_ID"]);
    }

    [Fact]
    public void The_app_identity_and_the_deploying_principal_hold_exactly_the_data_roles_they_need()
    {
        var subscription = DeploymentSnapshot.SubscriptionId;
        var app = Reference(Identity.Id, "principalId");
        var insights = Deployment.Single("Microsoft.Insights/components").Id;
        var openAi = Deployment.Single("Microsoft.CognitiveServices/accounts").Id;
        RoleGrant[] expected =
        [
            new(Storage.Id, DefinitionId(subscription, StorageBlobDataOwner), app, "ServicePrincipal"),
            new(Storage.Id, DefinitionId(subscription, StorageQueueDataContributor), app, "ServicePrincipal"),
            new(Storage.Id, DefinitionId(subscription, StorageTableDataContributor), app, "ServicePrincipal"),
            new(insights, DefinitionId(subscription, MonitoringMetricsPublisher), app, "ServicePrincipal"),
            new(openAi, DefinitionId(subscription, CognitiveServicesOpenAiUser), app, "ServicePrincipal"),
            // What a local run against the deployed resources needs: the threads table and the model.
            new(Storage.Id, DefinitionId(subscription, StorageTableDataContributor), Deployments.DeployingPrincipalId, "User"),
            new(openAi, DefinitionId(subscription, CognitiveServicesOpenAiUser), Deployments.DeployingPrincipalId, "User"),
        ];

        Assert.Equal(expected.Select(g => g.ToString()).Order(StringComparer.Ordinal), RoleGrants.Of(Deployment).Select(g => g.ToString()).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Storage_refuses_shared_keys_and_anonymous_blob_access()
    {
        Assert.Equal("false", Storage.Value("properties", "allowSharedKeyAccess"));
        Assert.Equal("false", Storage.Value("properties", "allowBlobPublicAccess"));
    }

    [Fact]
    public void Azure_OpenAI_accepts_only_Entra_ID_tokens()
    {
        var openAi = Deployment.Single("Microsoft.CognitiveServices/accounts");

        Assert.Equal("true", openAi.Value("properties", "disableLocalAuth"));
        // Entra ID tokens are accepted only on the account's custom subdomain.
        Assert.Equal(openAi.Name, openAi.Value("properties", "customSubDomainName"));
    }

    [Fact]
    public void Application_Insights_accepts_only_Entra_ID_ingestion_and_the_app_sends_it_with_its_identity()
    {
        var insights = Deployment.Single("Microsoft.Insights/components");

        Assert.Equal("true", insights.Value("properties", "DisableLocalAuth"));
        Assert.Equal($"ClientId={Reference(Identity.Id, "clientId")};Authorization=AAD", Deployment.AppSettings["APPLICATIONINSIGHTS_AUTHENTICATION_STRING"]);
        Assert.Equal(Reference(insights.Id, "ConnectionString"), Deployment.AppSettings["APPLICATIONINSIGHTS_CONNECTION_STRING"]);
    }

    [Fact]
    public void On_an_existing_Azure_OpenAI_resource_the_app_identity_gets_its_role_there_and_no_account_is_created()
    {
        var deployment = Deployments.ExistingOpenAi;
        var app = Reference(deployment.Single("Microsoft.ManagedIdentity/userAssignedIdentities").Id, "principalId");

        Assert.Empty(deployment.OfType("Microsoft.CognitiveServices/accounts"));
        Assert.Empty(deployment.OfType("Microsoft.CognitiveServices/accounts/deployments"));
        var openAiGrants = RoleGrants.Of(deployment).Where(g => g.RoleDefinitionId.EndsWith(CognitiveServicesOpenAiUser, StringComparison.Ordinal)).ToList();
        var grant = Assert.Single(openAiGrants);
        Assert.Equal(
            new RoleGrant(Deployments.ExistingOpenAiResourceId, DefinitionId(Deployments.ExistingOpenAiSubscriptionId, CognitiveServicesOpenAiUser), app, "ServicePrincipal"),
            grant);
        // Without a deploying principal, only the app identity is granted anything.
        Assert.All(RoleGrants.Of(deployment), g => Assert.Equal(app, g.Principal));
    }
}
