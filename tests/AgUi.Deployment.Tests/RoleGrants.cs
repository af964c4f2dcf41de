using System.Text.RegularExpressions;

namespace AgUi.Deployment.Tests;

/// <summary>A role assignment the deployment makes: on what, which built-in role, to whom.</summary>
internal sealed record RoleGrant(string Scope, string RoleDefinitionId, string Principal, string PrincipalType)
{
    public override string ToString() =>
        $"{BuiltInRoles.NameOf(RoleDefinitionId)} on {Scope} to {Principal} ({PrincipalType})";
}

/// <summary>The Azure built-in roles infra/ grants, by their fixed role definition ids.</summary>
internal static class BuiltInRoles
{
    public const string StorageBlobDataOwner = "b7e6dc6d-f1e8-4753-8033-0f276bb0955b";
    public const string StorageQueueDataContributor = "974c5e8b-45b9-4653-ba55-5f855dd0fb88";
    public const string StorageTableDataContributor = "0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3";
    public const string MonitoringMetricsPublisher = "3913510d-42f4-4e42-8a64-420c390055eb";
    public const string CognitiveServicesOpenAiUser = "5e0bd9bd-7b93-4f28-af87-19fc36ad61bd";

    private static readonly Dictionary<string, string> Names = new(StringComparer.OrdinalIgnoreCase)
    {
        [StorageBlobDataOwner] = "Storage Blob Data Owner",
        [StorageQueueDataContributor] = "Storage Queue Data Contributor",
        [StorageTableDataContributor] = "Storage Table Data Contributor",
        [MonitoringMetricsPublisher] = "Monitoring Metrics Publisher",
        [CognitiveServicesOpenAiUser] = "Cognitive Services OpenAI User",
    };

    /// <summary>The id ARM resolves <c>subscriptionResourceId('Microsoft.Authorization/roleDefinitions', role)</c> to.</summary>
    public static string DefinitionId(string subscriptionId, string role) =>
        $"/subscriptions/{subscriptionId}/providers/Microsoft.Authorization/roleDefinitions/{role}";

    public static string NameOf(string roleDefinitionId)
    {
        var role = roleDefinitionId[(roleDefinitionId.LastIndexOf('/') + 1)..];
        return Names.TryGetValue(role, out var name) ? $"{name} ({roleDefinitionId})" : roleDefinitionId;
    }
}

internal static partial class RoleGrants
{
    private const string Segment = "/providers/Microsoft.Authorization/roleAssignments/";

    public static IReadOnlyList<RoleGrant> Of(DeploymentSnapshot deployment) =>
        deployment.OfType("Microsoft.Authorization/roleAssignments")
            .Select(r => new RoleGrant(
                ScopeOf(r),
                r.Value("properties", "roleDefinitionId")!,
                r.Value("properties", "principalId")!,
                r.Value("properties", "principalType")!))
            .ToList();

    /// <summary>
    /// The resource a role assignment is on. Its id is that resource's id followed by the assignment's
    /// segment, or, when the assignment's name depends on a value Azure assigns later, an
    /// <c>extensionResourceId(scope, ...)</c> expression.
    /// </summary>
    private static string ScopeOf(PredictedResource assignment)
    {
        var cut = assignment.Id.IndexOf(Segment, StringComparison.OrdinalIgnoreCase);
        if (!ArmExpression.IsExpression(assignment.Id) && cut > 0)
        {
            return assignment.Id[..cut];
        }

        var extension = ExtensionResourceId().Match(assignment.Id);
        return extension.Success
            ? extension.Groups["scope"].Value
            : throw new NotSupportedException($"A role assignment id this test does not read: {assignment.Id}");
    }

    [GeneratedRegex(@"^\[extensionResourceId\('(?<scope>[^']+)', 'Microsoft\.Authorization/roleAssignments', ")]
    private static partial Regex ExtensionResourceId();
}
