namespace AgUi.Runtime.Tools;

/// <summary>How a backend tool is offered to the model, where its method's attributes are not enough.</summary>
public sealed class ToolOptions
{
    /// <summary>The function name the model calls; by default the method's <c>[DisplayName]</c>, else its name.</summary>
    public string? Name { get; set; }

    /// <summary>What the model reads about the tool; by default the method's <c>[Description]</c>.</summary>
    public string? Description { get; set; }
}
