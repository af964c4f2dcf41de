using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Logging;

namespace AgUi.Runtime.Tools;

/// <summary>
/// The registered backend tools by name. It checks a call's arguments against the tool's schema
/// (valid JSON object, every <c>required</c> property present) before the tool sees them, and turns
/// every failure into an error result for the model, so a bad call never ends the run.
/// </summary>
internal sealed partial class BackendToolCatalog
{
    private readonly Dictionary<string, IBackendTool> tools;
    private readonly ILogger logger;

    public BackendToolCatalog(IEnumerable<IBackendTool> tools, ILogger logger)
    {
        this.tools = tools.ToDictionary(t => t.Name, StringComparer.Ordinal);
        this.logger = logger;
    }

    public IReadOnlyCollection<IBackendTool> Tools => tools.Values;

    public bool Contains(string name) => tools.ContainsKey(name);

    /// <summary>What is wrong with a set of tools: names the model API refuses, and names used twice.</summary>
    public static IReadOnlyList<string> FindProblems(IEnumerable<IBackendTool> tools)
    {
        ArgumentNullException.ThrowIfNull(tools);
        var problems = new List<string>();
        foreach (var group in tools.GroupBy(t => t.Name, StringComparer.Ordinal))
        {
            if (!ToolNamePattern().IsMatch(group.Key))
            {
                problems.Add($"The backend tool name '{group.Key}' ({group.First().GetType().Name}) is not valid: use 1 to 64 letters, digits, '_' or '-'.");
            }

            if (group.Count() > 1)
            {
                problems.Add($"Two backend tools are named '{group.Key}': {string.Join(" and ", group.Select(t => t.GetType().FullName))}. Tool names must be unique.");
            }
        }

        return problems;
    }

    public async ValueTask<ToolResult> InvokeAsync(string name, string arguments, ToolInvocationContext context, CancellationToken cancellationToken)
    {
        if (!tools.TryGetValue(name, out var tool))
        {
            return ToolResult.Error($"There is no tool named '{name}'. Available tools: {string.Join(", ", tools.Keys)}.");
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(string.IsNullOrWhiteSpace(arguments) ? "{}" : arguments);
        }
        catch (JsonException)
        {
            return ToolResult.Error($"The arguments of '{name}' are not valid JSON. Send a JSON object that matches the tool's parameters schema.");
        }

        using (document)
        {
            var problem = CheckArguments(document.RootElement, tool.ParametersSchema);
            if (problem is not null)
            {
                return ToolResult.Error($"The arguments of '{name}' are not valid: {problem}");
            }

            try
            {
                return await tool.InvokeAsync(document.RootElement, context, cancellationToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                LogToolFailure(logger, name, ex);
                return ToolResult.Error($"The tool '{name}' failed. The server log has the details.");
            }
        }
    }

    private static string? CheckArguments(JsonElement arguments, JsonElement schema)
    {
        if (arguments.ValueKind != JsonValueKind.Object)
        {
            return "they must be a JSON object.";
        }

        if (schema.ValueKind != JsonValueKind.Object || !schema.TryGetProperty("required", out var required) || required.ValueKind != JsonValueKind.Array)
        {
            return null;
        }

        var missing = required.EnumerateArray()
            .Where(r => r.ValueKind == JsonValueKind.String && !arguments.TryGetProperty(r.GetString()!, out _))
            .Select(r => r.GetString())
            .ToList();
        return missing.Count == 0 ? null : $"missing required propert{(missing.Count == 1 ? "y" : "ies")} {string.Join(", ", missing)}.";
    }

    [GeneratedRegex("^[A-Za-z0-9_-]{1,64}$")]
    private static partial Regex ToolNamePattern();

    [LoggerMessage(Level = LogLevel.Error, Message = "The backend tool {ToolName} threw; the model gets an error result.")]
    private static partial void LogToolFailure(ILogger logger, string toolName, Exception exception);
}
