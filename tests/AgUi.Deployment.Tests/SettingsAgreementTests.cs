using System.Text.Json;
using AgUi.Runtime.Hosting;

namespace AgUi.Deployment.Tests;

/// <summary>
/// Every setting the runtime declares with [AzureSetting] is set by infra/ and listed in
/// local.settings.sample.json, and infra/ sets no property an options class does not have.
/// </summary>
public sealed class SettingsAgreementTests
{
    /// <summary>The app settings of the Function App, as <c>bicep snapshot</c> predicts them for <c>azd up</c>.</summary>
    private static IReadOnlyList<string> InfraAppSettings => [.. Deployments.AzdDefaults.AppSettings.Keys];

    [Fact]
    public void Every_setting_the_runtime_declares_for_Azure_is_set_by_infra()
    {
        var missing = SettingsAgreement.MissingFromAppSettings(AzureSettingDeclarations.Of(AzureSettingDeclarations.RuntimeTypes), InfraAppSettings);

        Assert.True(missing.Count == 0,
            $"infra/modules/app.bicep (resource appsettings) does not set: {string.Join(", ", missing)}");
    }

    [Fact]
    public void Every_setting_the_runtime_declares_for_Azure_is_in_the_local_settings_sample()
    {
        var missing = SettingsAgreement.MissingFromLocalSettings(AzureSettingDeclarations.Of(AzureSettingDeclarations.RuntimeTypes), LocalSampleSettings());

        Assert.True(missing.Count == 0, $"local.settings.sample.json does not list: {string.Join(", ", missing)}");
    }

    [Fact]
    public void Infra_sets_only_properties_the_runtime_options_classes_have()
    {
        var unknown = SettingsAgreement.UnknownOptionsSettings(InfraAppSettings, AzureSettingDeclarations.Sections(AzureSettingDeclarations.RuntimeTypes));

        Assert.True(unknown.Count == 0, $"infra/modules/app.bicep sets settings no options class binds: {string.Join(", ", unknown)}");
    }

    [Fact]
    public void Declarations_come_from_marked_options_properties_and_from_keys_named_on_classes()
    {
        var declared = AzureSettingDeclarations.Of([typeof(SampleModelOptions), typeof(SampleStore), typeof(UnmarkedOptions)]);

        Assert.Equal(
            ["SampleStore__clientId", "SampleStore__tableServiceUri", "Sample__Model__Deployment", "Sample__Model__Endpoint"],
            declared.Select(s => s.AppSettingName).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void A_marked_property_outside_an_options_section_is_rejected()
    {
        var error = Assert.Throws<InvalidOperationException>(() => AzureSettingDeclarations.Of([typeof(SectionlessOptions)]));

        Assert.Contains("SectionName", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_declared_setting_that_infra_does_not_set_is_reported()
    {
        var declared = AzureSettingDeclarations.Of([typeof(SampleModelOptions)]);

        var missing = SettingsAgreement.MissingFromAppSettings(declared, ["Sample__Model__Endpoint", "Unrelated"]);

        Assert.Equal(["Sample__Model__Deployment"], missing.Select(s => s.AppSettingName));
    }

    [Fact]
    public void A_connection_string_in_the_local_settings_covers_the_parts_of_that_connection()
    {
        var declared = AzureSettingDeclarations.Of([typeof(SampleStore), typeof(SampleModelOptions)]);

        var missing = SettingsAgreement.MissingFromLocalSettings(declared, ["SampleStore", "Sample__Model__Endpoint", "Sample__ModelDeployment"]);

        Assert.Equal(["Sample__Model__Deployment"], missing.Select(s => s.AppSettingName));
    }

    [Fact]
    public void An_app_setting_for_a_property_its_options_class_lacks_is_reported()
    {
        var sections = AzureSettingDeclarations.Sections([typeof(SampleModelOptions), typeof(UnmarkedOptions)]);

        var unknown = SettingsAgreement.UnknownOptionsSettings(
            ["Sample__Model__Endpoint", "Sample__Model__endpoint", "Sample__Model__Deploymnet", "Unmarked__Retries", "Elsewhere__Anything", "AZURE_CLIENT_ID"],
            sections);

        Assert.Equal(["Sample__Model__Deploymnet"], unknown);
    }

    private static List<string> LocalSampleSettings()
    {
        using var sample = JsonDocument.Parse(RepositoryFiles.Read("local.settings.sample.json"));
        return sample.RootElement.GetProperty("Values").EnumerateObject().Select(p => p.Name).ToList();
    }

    public sealed class SampleModelOptions
    {
        public const string SectionName = "Sample:Model";

        [AzureSetting]
        public string? Endpoint { get; set; }

        [AzureSetting]
        public string? Deployment { get; set; }

        public string? SystemPrompt { get; set; }
    }

    [AzureSetting("SampleStore:tableServiceUri")]
    [AzureSetting("SampleStore:clientId")]
    public sealed class SampleStore;

    public sealed class UnmarkedOptions
    {
        public const string SectionName = "Unmarked";

        public int Retries { get; set; }
    }

    public sealed class SectionlessOptions
    {
        [AzureSetting]
        public string? Endpoint { get; set; }
    }
}
