using System.Globalization;
using static AgUi.Deployment.Tests.ArmExpression;

namespace AgUi.Deployment.Tests;

/// <summary>The Function App infra/ deploys: a Flex Consumption plan, the .NET 10 isolated worker, and a deployment package read with the app identity.</summary>
public sealed class FunctionAppHostingTests
{
    private static DeploymentSnapshot Deployment => Deployments.AzdDefaults;

    private static PredictedResource Site => Deployment.Single("Microsoft.Web/sites");

    private static PredictedResource Identity => Deployment.Single("Microsoft.ManagedIdentity/userAssignedIdentities");

    [Fact]
    public void The_app_runs_on_a_Linux_Flex_Consumption_plan()
    {
        var plan = Deployment.Single("Microsoft.Web/serverfarms");

        Assert.Equal("FC1", plan.Value("sku", "name"));
        Assert.Equal("FlexConsumption", plan.Value("sku", "tier"));
        Assert.Equal("true", plan.Value("properties", "reserved"));
        Assert.Equal(plan.Id, Site.Value("properties", "serverFarmId"));
    }

    [Fact]
    public void The_app_is_a_dotnet_isolated_10_function_app_on_Linux_with_the_user_assigned_identity()
    {
        Assert.Equal("functionapp,linux", Site.Value("kind"));
        Assert.Equal("dotnet-isolated", Site.Value("properties", "functionAppConfig", "runtime", "name"));
        Assert.Equal("10.0", Site.Value("properties", "functionAppConfig", "runtime", "version"));
        Assert.Equal("true", Site.Value("properties", "httpsOnly"));
        Assert.Equal("UserAssigned", Site.Value("identity", "type"));
        var identities = Site.Json.GetProperty("identity").GetProperty("userAssignedIdentities").EnumerateObject().Select(p => p.Name);
        Assert.Equal([Identity.Id], identities);
    }

    [Fact]
    public void The_deployment_package_is_read_from_the_storage_container_with_the_app_identity()
    {
        var storage = Deployment.Single("Microsoft.Storage/storageAccounts");
        var container = Deployment.Single("Microsoft.Storage/storageAccounts/blobServices/containers");
        var containerName = container.Name[(container.Name.LastIndexOf('/') + 1)..];

        Assert.Equal("blobContainer", Site.Value("properties", "functionAppConfig", "deployment", "storage", "type"));
        Assert.Equal($"{Reference(storage.Id, "primaryEndpoints.blob")}{containerName}", Site.Value("properties", "functionAppConfig", "deployment", "storage", "value"));
        Assert.Equal("UserAssignedIdentity", Site.Value("properties", "functionAppConfig", "deployment", "storage", "authentication", "type"));
        Assert.Equal(Identity.Id, Site.Value("properties", "functionAppConfig", "deployment", "storage", "authentication", "userAssignedIdentityResourceId"));
    }

    [Fact]
    public void Each_instance_takes_more_concurrent_streams_than_the_platform_default_for_its_size()
    {
        var memory = Site.Value("properties", "functionAppConfig", "scaleAndConcurrency", "instanceMemoryMB");
        var concurrency = Site.Value("properties", "functionAppConfig", "scaleAndConcurrency", "triggers", "http", "perInstanceConcurrency");

        // Flex Consumption's HTTP default is 16 concurrent requests on a 2048 MB instance; an AG-UI
        // stream mostly waits on the model, so that default would scale out on idle streams.
        Assert.Equal("2048", memory);
        Assert.NotNull(concurrency);
        Assert.InRange(int.Parse(concurrency, CultureInfo.InvariantCulture), 17, 1000);
    }
}
