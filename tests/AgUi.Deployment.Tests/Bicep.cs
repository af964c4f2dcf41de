using System.Text.RegularExpressions;

namespace AgUi.Deployment.Tests;

/// <summary>
/// Just enough reading of Bicep text to compare it with the code: the keys of the Function App's
/// <c>appsettings</c> config resource and the expression of an output.
/// </summary>
internal static partial class Bicep
{
    /// <summary>The top-level keys of <c>properties</c> in the <c>Microsoft.Web/sites/config</c> resource named <c>appsettings</c>.</summary>
    public static IReadOnlyList<string> AppSettingKeys(string bicep)
    {
        var appSettings = SiteConfigResource().Matches(bicep)
            .Select(m => BracedBody(bicep, m.Index + m.Length - 1))
            .Where(body => TopLevelLines(body).Any(line => AppSettingsName().IsMatch(line)))
            .ToList();
        if (appSettings.Count != 1)
        {
            throw new InvalidOperationException($"Expected one Microsoft.Web/sites/config resource named 'appsettings', found {appSettings.Count}.");
        }

        var body = appSettings[0];
        var properties = PropertiesStart().Match(body);
        if (!properties.Success)
        {
            throw new InvalidOperationException("The appsettings resource has no properties object.");
        }

        return TopLevelLines(BracedBody(body, properties.Index + properties.Length - 1))
            .Select(line => Key().Match(line))
            .Where(m => m.Success)
            .Select(m => m.Groups["key"].Value)
            .ToList();
    }

    /// <summary>The expression after <c>output NAME TYPE =</c>, or null when there is no such output.</summary>
    public static string? OutputExpression(string bicep, string name) =>
        Output().Matches(bicep).FirstOrDefault(m => m.Groups["name"].Value == name)?.Groups["value"].Value.Trim();

    /// <summary>The text between the brace at <paramref name="openIndex"/> and its matching close.</summary>
    private static string BracedBody(string text, int openIndex)
    {
        var depth = 0;
        for (var i = openIndex; i < text.Length; i++)
        {
            depth += text[i] switch { '{' => 1, '}' => -1, _ => 0 };
            if (depth == 0)
            {
                return text[(openIndex + 1)..i];
            }
        }

        throw new InvalidOperationException("Unbalanced braces in the Bicep text.");
    }

    /// <summary>The lines of an object body that are not inside a nested object or array.</summary>
    private static IEnumerable<string> TopLevelLines(string body)
    {
        var depth = 0;
        foreach (var line in body.Split('\n'))
        {
            if (depth == 0)
            {
                yield return line;
            }

            // Interpolations (${...}) open and close on one line, so counting every brace stays balanced.
            depth += line.Count(c => c is '{' or '[') - line.Count(c => c is '}' or ']');
        }
    }

    [GeneratedRegex(@"^resource\s+\w+\s+'Microsoft\.Web/sites/config@[^']+'\s*=\s*(if\s*\(.*\)\s*)?\{", RegexOptions.Multiline)]
    private static partial Regex SiteConfigResource();

    [GeneratedRegex(@"^\s*name:\s*'appsettings'\s*$")]
    private static partial Regex AppSettingsName();

    [GeneratedRegex(@"^\s*properties:\s*\{", RegexOptions.Multiline)]
    private static partial Regex PropertiesStart();

    [GeneratedRegex(@"^\s*'?(?<key>[A-Za-z_][A-Za-z0-9_.-]*)'?\s*:")]
    private static partial Regex Key();

    [GeneratedRegex(@"^output\s+(?<name>\w+)\s+\w+\s*=\s*(?<value>.+)$", RegexOptions.Multiline)]
    private static partial Regex Output();
}
