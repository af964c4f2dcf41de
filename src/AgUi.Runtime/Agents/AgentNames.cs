using System.Text.RegularExpressions;

namespace AgUi.Runtime.Agents;

/// <summary>Agent names: a URL segment (<c>/api/agents/&lt;name&gt;</c>) and the scope of the agent's threads.</summary>
public static partial class AgentNames
{
    /// <summary>The agent at <c>/api/agent</c> (also reachable as <c>/api/agents/default</c>).</summary>
    public const string Default = "default";

    /// <summary>The canonical form of a valid name: lower case.</summary>
    /// <exception cref="ArgumentException">Not 1 to 64 letters, digits, '-' or '_', starting with a letter or digit.</exception>
    public static string Normalize(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return NamePattern().IsMatch(name)
            ? name.ToLowerInvariant()
            : throw new ArgumentException($"'{name}' is not a valid agent name: use 1 to 64 letters, digits, '-' or '_', starting with a letter or digit.", nameof(name));
    }

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$")]
    private static partial Regex NamePattern();
}
