using System.Reflection;
using AgUi.Runtime.Endpoint;
using AgUi.Runtime.Hosting;

namespace AgUi.Deployment.Tests;

/// <summary>A setting the code declares with <see cref="AzureSettingAttribute"/>, and where it is declared.</summary>
internal sealed record DeclaredSetting(string Key, string DeclaredBy)
{
    /// <summary>The key as an environment variable or app setting: <c>AgUi:Model:Endpoint</c> is <c>AgUi__Model__Endpoint</c>.</summary>
    public string AppSettingName => Key.Replace(":", "__", StringComparison.Ordinal);

    public override string ToString() => $"{AppSettingName} (declared by {DeclaredBy})";
}

/// <summary>Reads the <see cref="AzureSettingAttribute"/> declarations and options sections out of types.</summary>
internal static class AzureSettingDeclarations
{
    public static IReadOnlyList<Type> RuntimeTypes { get; } = typeof(AgUiEndpointOptions).Assembly.GetTypes();

    public static IReadOnlyList<DeclaredSetting> Of(IEnumerable<Type> types)
    {
        var settings = new List<DeclaredSetting>();
        foreach (var type in types)
        {
            foreach (var declaration in type.GetCustomAttributes<AzureSettingAttribute>(inherit: false))
            {
                var key = declaration.Key ?? throw new InvalidOperationException(
                    $"[AzureSetting] on the class {type.FullName} must name its key.");
                settings.Add(new DeclaredSetting(key, type.FullName!));
            }

            var properties = type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
                .Where(p => p.IsDefined(typeof(AzureSettingAttribute), inherit: false))
                .ToList();
            if (properties.Count == 0)
            {
                continue;
            }

            var section = SectionName(type) ?? throw new InvalidOperationException(
                $"{type.FullName} marks properties with [AzureSetting] but has no public const string SectionName.");
            settings.AddRange(properties.Select(p => new DeclaredSetting($"{section}:{p.Name}", $"{type.FullName}.{p.Name}")));
        }

        return settings;
    }

    /// <summary>Options classes by their <c>SectionName</c> (<c>AgUi</c>, <c>AgUi:Auth</c>, ...).</summary>
    public static IReadOnlyDictionary<string, Type> Sections(IEnumerable<Type> types) =>
        types.Select(t => (Type: t, Section: SectionName(t)))
            .Where(x => x.Section is not null)
            .ToDictionary(x => x.Section!, x => x.Type, StringComparer.OrdinalIgnoreCase);

    private static string? SectionName(Type type) =>
        type.GetField("SectionName", BindingFlags.Public | BindingFlags.Static) is { IsLiteral: true } field
            ? field.GetRawConstantValue() as string
            : null;
}
