namespace AgUi.Runtime.Hosting;

/// <summary>
/// Declares a setting that a deployment to Azure must provide. <c>infra/</c> sets it as an app
/// setting and <c>local.settings.sample.json</c> lists it; tests/AgUi.Deployment.Tests holds both to
/// every declaration, so a new setting cannot ship without its infrastructure.
/// </summary>
/// <remarks>
/// On a property of an options class that has <c>public const string SectionName</c>, the key is
/// <c>SectionName:PropertyName</c>. On a class, pass the key: that is for settings read outside an
/// options class, such as the parts of an identity-based connection (<c>ThreadStorage:tableServiceUri</c>).
/// </remarks>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public sealed class AzureSettingAttribute : Attribute
{
    /// <summary>Marks an options property; the key comes from the class's section and the property name.</summary>
    public AzureSettingAttribute()
    {
    }

    /// <summary>Declares the setting <paramref name="key"/> (configuration form, <c>:</c>-separated).</summary>
    public AzureSettingAttribute(string key) => Key = key;

    /// <summary>The key given on a class; null on a property.</summary>
    public string? Key { get; }
}
