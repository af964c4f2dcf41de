namespace AgUi.Runtime.Agents;

/// <summary>
/// A named model agent defined in settings, <c>AgUi:Agents:&lt;name&gt;</c>: the model agent of
/// <c>AgUi:Model</c> with its own system prompt, model or deployment, and backend tools.
/// </summary>
public sealed class AgentSettings
{
    public const string SectionName = "AgUi:Agents";

    /// <summary>Replaces <c>AgUi:Model:SystemPrompt</c> for this agent.</summary>
    public string? SystemPrompt { get; set; }

    /// <summary>Replaces <c>AgUi:Model:Model</c> (OpenAI and compatible servers).</summary>
    public string? Model { get; set; }

    /// <summary>Replaces <c>AgUi:Model:Deployment</c> (Azure OpenAI).</summary>
    public string? Deployment { get; set; }

    /// <summary>The backend tools this agent may call, by name; all of them when empty.</summary>
    public IList<string> Tools { get; } = [];
}
