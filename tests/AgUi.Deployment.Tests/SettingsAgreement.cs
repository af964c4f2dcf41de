using System.Reflection;

namespace AgUi.Deployment.Tests;

/// <summary>The comparisons between what the code declares and what infra/ and the local sample set.</summary>
internal static class SettingsAgreement
{
    public static IReadOnlyList<DeclaredSetting> MissingFromAppSettings(IEnumerable<DeclaredSetting> declared, IEnumerable<string> appSettings)
    {
        var names = new HashSet<string>(appSettings, StringComparer.OrdinalIgnoreCase);
        return declared.Where(setting => !names.Contains(setting.AppSettingName)).ToList();
    }

    /// <summary>
    /// Declared settings the local settings lack. A value for an enclosing key counts: by the Functions
    /// convention for connections, <c>ThreadStorage</c> holding a connection string (Azurite locally)
    /// stands in for the identity-based <c>ThreadStorage__tableServiceUri</c> used in Azure.
    /// </summary>
    public static IReadOnlyList<DeclaredSetting> MissingFromLocalSettings(IEnumerable<DeclaredSetting> declared, IEnumerable<string> localSettings)
    {
        var names = new HashSet<string>(localSettings, StringComparer.OrdinalIgnoreCase);
        return declared.Where(setting => !SelfAndEnclosingKeys(setting.AppSettingName).Any(names.Contains)).ToList();
    }

    /// <summary>App settings inside an options section that name no property of its options class: a typo or a rename.</summary>
    public static IReadOnlyList<string> UnknownOptionsSettings(IEnumerable<string> appSettings, IReadOnlyDictionary<string, Type> sections) =>
        appSettings.Where(name =>
        {
            var cut = name.LastIndexOf("__", StringComparison.Ordinal);
            return cut > 0
                && sections.TryGetValue(name[..cut].Replace("__", ":", StringComparison.Ordinal), out var options)
                && options.GetProperty(name[(cut + 2)..], BindingFlags.Public | BindingFlags.Instance | BindingFlags.IgnoreCase) is null;
        }).ToList();

    private static IEnumerable<string> SelfAndEnclosingKeys(string name)
    {
        for (var key = name; key.Length > 0; key = key[..Math.Max(key.LastIndexOf("__", StringComparison.Ordinal), 0)])
        {
            yield return key;
        }
    }
}
