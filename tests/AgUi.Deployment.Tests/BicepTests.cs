namespace AgUi.Deployment.Tests;

public sealed class BicepTests
{
    private const string Template = """
        resource site 'Microsoft.Web/sites@2024-04-01' = {
          name: 'app'
          properties: {
            siteConfig: {
              cors: {
                allowedOrigins: origins
              }
            }
          }
        }

        resource logs 'Microsoft.Web/sites/config@2024-04-01' = {
          parent: site
          name: 'logs'
          properties: {
            NotAnAppSetting: 'x'
          }
        }

        resource appSettings 'Microsoft.Web/sites/config@2024-04-01' = {
          parent: site
          name: 'appsettings'
          properties: {
            First__credential: 'managedidentity'
            Nested: {
              Inner: 'not top level'
            }
            List: [
              'a'
            ]
            'Quoted.Key': 'https://${account}.example.net/v1/'
            Last: 'ClientId=${identity.properties.clientId};Authorization=AAD'
          }
        }

        output ENDPOINT_URL string = 'https://${site.properties.defaultHostName}/api/agent'
        """;

    [Fact]
    public void App_setting_keys_are_the_top_level_keys_of_the_appsettings_resource()
    {
        Assert.Equal(["First__credential", "Nested", "List", "Quoted.Key", "Last"], Bicep.AppSettingKeys(Template));
    }

    [Fact]
    public void A_template_without_an_appsettings_resource_is_an_error()
    {
        Assert.Throws<InvalidOperationException>(() => Bicep.AppSettingKeys(Template.Replace("'appsettings'", "'metadata'", StringComparison.Ordinal)));
    }

    [Fact]
    public void Output_expressions_are_read_by_name()
    {
        Assert.Equal("'https://${site.properties.defaultHostName}/api/agent'", Bicep.OutputExpression(Template, "ENDPOINT_URL"));
        Assert.Null(Bicep.OutputExpression(Template, "MISSING"));
    }
}
