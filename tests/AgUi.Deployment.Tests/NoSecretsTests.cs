using System.Text.Json;
using System.Text.RegularExpressions;

namespace AgUi.Deployment.Tests;

/// <summary>
/// App settings and deployment outputs are stored in plain text (outputs in the deployment history and
/// azd's .env): none may carry a key, a connection string with a key, or a value read with a list*()
/// function, which is how an ARM template reads keys.
/// </summary>
public sealed partial class NoSecretsTests
{
    [Theory]
    [InlineData("azd defaults")]
    [InlineData("existing Azure OpenAI")]
    public void No_app_setting_or_output_holds_or_reads_a_secret(string deployment)
    {
        var snapshot = deployment == "azd defaults" ? Deployments.AzdDefaults : Deployments.ExistingOpenAi;
        var values = snapshot.RawAppSettings.Select(s => ($"app setting {s.Key}", s.Value))
            .Concat(snapshot.RawOutputs.Select(o => ($"output {o.Key}", o.Value)));

        var offending = values.Where(v => SecretLooking(v.Value)).Select(v => $"{v.Item1} = {v.Value}").ToList();

        Assert.True(offending.Count == 0, $"Values that hold or read a secret:\n{string.Join('\n', offending)}");
    }

    [Fact]
    public void The_compiled_template_never_reads_a_key()
    {
        var calls = Strings(Deployments.CompiledTemplate)
            .Where(s => ArmExpression.IsExpression(s) && ListCall().IsMatch(s))
            .ToList();

        Assert.True(calls.Count == 0, $"Expressions that call a list*() function:\n{string.Join('\n', calls)}");
    }

    [Theory]
    [InlineData("[listKeys(resourceId('Microsoft.Storage/storageAccounts', 'st'), '2023-05-01').keys[0].value]")]
    [InlineData("[format('DefaultEndpointsProtocol=https;AccountName={0};AccountKey={1}', 'st', 'k')]")]
    [InlineData("Endpoint=sb://bus.servicebus.windows.net/;SharedAccessKeyName=x;SharedAccessKey=abc")]
    [InlineData("https://st.blob.core.windows.net/c?sv=2024-11-04&sig=abc")]
    [InlineData("[reference('/subscriptions/s/resourceGroups/g/providers/Microsoft.Search/searchServices/x', '2023-11-01').primaryKey]")]
    public void A_value_that_holds_or_reads_a_secret_is_recognised(string value)
    {
        Assert.True(SecretLooking(value));
    }

    [Theory]
    [InlineData("managedidentity")]
    [InlineData("[reference('/subscriptions/s/resourceGroups/g/providers/Microsoft.ManagedIdentity/userAssignedIdentities/id', '2023-01-31').clientId]")]
    [InlineData("[format('ClientId={0};Authorization=AAD', reference('/subscriptions/s/providers/Microsoft.ManagedIdentity/userAssignedIdentities/id', '2023-01-31').clientId)]")]
    public void A_value_without_a_secret_is_not_flagged(string value)
    {
        Assert.False(SecretLooking(value));
    }

    private static bool SecretLooking(string value) =>
        (ArmExpression.IsExpression(value) && (ListCall().IsMatch(value) || SecretProperty().IsMatch(value))) || SecretPart().IsMatch(value);

    private static IEnumerable<string> Strings(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.String => [element.GetString()!],
        JsonValueKind.Object => element.EnumerateObject().SelectMany(p => Strings(p.Value)),
        JsonValueKind.Array => element.EnumerateArray().SelectMany(Strings),
        _ => [],
    };

    [GeneratedRegex(@"(?<![\w.])list\w*\(", RegexOptions.IgnoreCase)]
    private static partial Regex ListCall();

    /// <summary>A reference to a property named like a key or a secret (primaryKey, keys, key1, secret, password).</summary>
    [GeneratedRegex(@"\)\.(?:\w+\.)*\w*(?:key|keys|key\d|secret|password)\b", RegexOptions.IgnoreCase)]
    private static partial Regex SecretProperty();

    /// <summary>The parts of connection strings and SAS URLs that carry a secret.</summary>
    [GeneratedRegex(@"AccountKey=|SharedAccessKey=|SharedAccessSignature=|[?&]sig=|Password=|ClientSecret=", RegexOptions.IgnoreCase)]
    private static partial Regex SecretPart();
}
