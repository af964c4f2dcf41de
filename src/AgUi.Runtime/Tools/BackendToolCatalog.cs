using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.RegularExpressions;
using System.Threading.Channels;
using AgUi.Protocol.Events;
using AgUi.Protocol.Input;
using AgUi.Protocol.Messages;
using AgUi.Runtime.Telemetry;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace AgUi.Runtime.Tools;

/// <summary>
/// The app's backend tools by name, built once the services exist. It checks the names when it is built
/// (the app refuses to start on a name the model API would refuse, or on one name used twice), and runs
/// calls: each in its own service scope, with the run's <see cref="ToolContext"/>, streaming what the tool
/// emits while it runs, and turning every failure into an error result for the model, so a bad call never
/// ends the run.
/// </summary>
internal sealed partial class BackendToolCatalog
{
    private readonly Dictionary<string, BackendTool> tools;
    private readonly IServiceProvider services;
    private readonly ILogger logger;
    private readonly bool recordContent;

    /// <param name="telemetry">Whether tool arguments and results go on the tool-call spans; not when null.</param>
    public BackendToolCatalog(IEnumerable<ToolRegistration> registrations, IServiceProvider services, ILogger<BackendToolCatalog> logger, IOptions<AgUiTelemetryOptions>? telemetry = null)
        : this(Build(registrations, services), services, logger, telemetry?.Value.RecordContent ?? false)
    {
    }

    private BackendToolCatalog(Dictionary<string, BackendTool> tools, IServiceProvider services, ILogger logger, bool recordContent)
    {
        this.tools = tools;
        this.services = services;
        this.logger = logger;
        this.recordContent = recordContent;
    }

    public IEnumerable<AIFunction> Tools => tools.Values.Select(t => t.Function);

    public int Count => tools.Count;

    public bool Contains(string name) => tools.ContainsKey(name);

    /// <summary>How the tool called <paramref name="name"/> runs; null when there is no such tool.</summary>
    public ToolOptions? OptionsOf(string name) => tools.TryGetValue(name, out var tool) ? tool.Options : null;

    /// <summary>The catalog of an agent that may use only <paramref name="names"/>.</summary>
    /// <exception cref="InvalidOperationException">A name is not a registered tool.</exception>
    public BackendToolCatalog Select(IReadOnlyCollection<string> names, string settingName)
    {
        ArgumentNullException.ThrowIfNull(names);
        var unknown = names.Where(n => !tools.ContainsKey(n)).ToList();
        if (unknown.Count > 0)
        {
            throw new InvalidOperationException(
                $"{settingName} names {string.Join(", ", unknown.Select(n => $"'{n}'"))}, which {(unknown.Count == 1 ? "is not a backend tool" : "are not backend tools")}. " +
                $"Registered tools: {string.Join(", ", tools.Keys)}.");
        }

        return new BackendToolCatalog(tools.Where(t => names.Contains(t.Key)).ToDictionary(StringComparer.Ordinal), services, logger, recordContent);
    }

    /// <summary>
    /// Runs one call: the events the tool emits while it runs (STATE_DELTA, for example) as they come,
    /// then its TOOL_CALL_RESULT, whose content is what the model gets back.
    /// </summary>
    public async IAsyncEnumerable<BaseEvent> RunAsync(
        string toolCallId, string name, string arguments, RunAgentInput input, RunState state,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var emitted = Channel.CreateUnbounded<BaseEvent>(new UnboundedChannelOptions { SingleReader = true });
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var context = new ToolContext(input, toolCallId, state, emitted.Writer);
        // Started before the invocation, so the tool runs under its span.
        var span = ToolCallTelemetry.Start(name, toolCallId, tools.TryGetValue(name, out var tool) ? tool.Function.Description : null, arguments, recordContent);
        var invocation = InvokeAndCompleteAsync(name, arguments, context, emitted.Writer, stop.Token);
        var finished = false;
        try
        {
            await foreach (var agUiEvent in emitted.Reader.ReadAllAsync(cancellationToken))
            {
                yield return agUiEvent;
            }

            var result = await invocation;
            finished = true;
            ToolCallTelemetry.Finish(span, result.Content, result.ErrorType, recordContent);
            yield return new ToolCallResultEvent
            {
                MessageId = $"msg_{Guid.NewGuid():N}",
                ToolCallId = toolCallId,
                Content = result.Content,
                Role = ToolRole.Tool,
            };
        }
        finally
        {
            // Abandoned mid-call (the client left): stop the tool rather than let it run on unobserved.
            await stop.CancelAsync();
            await ((Task)invocation).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            if (!finished)
            {
                ToolCallTelemetry.Finish(span, string.Empty, TelemetryAttributes.CancelledErrorType, recordContent);
            }
        }
    }

    private async Task<ToolResult> InvokeAndCompleteAsync(string name, string arguments, ToolContext context, ChannelWriter<BaseEvent> emitted, CancellationToken cancellationToken)
    {
        try
        {
            return await InvokeAsync(name, arguments, context, cancellationToken);
        }
        finally
        {
            context.FinishOpenSteps();
            emitted.TryComplete();
        }
    }

    /// <summary>
    /// What the model gets back, and for a failed call its <c>error.type</c>: <c>tool_not_found</c>,
    /// <c>invalid_arguments</c>, <c>tool_error</c> (the tool's own <see cref="ToolException"/>), or the
    /// exception's type when the tool threw.
    /// </summary>
    private async Task<ToolResult> InvokeAsync(string name, string arguments, ToolContext context, CancellationToken cancellationToken)
    {
        if (!tools.TryGetValue(name, out var tool))
        {
            return new($"Error: there is no tool named '{name}'. Available tools: {string.Join(", ", tools.Keys)}.", "tool_not_found");
        }

        if (ParseArguments(arguments) is not { } parsed)
        {
            return new($"Error: the arguments of '{name}' are not a JSON object. Send a JSON object that matches the tool's parameters schema.", InvalidArguments);
        }

        await using var scope = services.CreateAsyncScope();
        parsed.Services = scope.ServiceProvider;
        parsed.Context = new Dictionary<object, object?> { [typeof(ToolContext)] = context };
        try
        {
            return new(ToolResults.ToContent(await tool.Function.InvokeAsync(parsed, cancellationToken)), null);
        }
        catch (ToolArgumentException ex)
        {
            return new($"Error: the arguments of '{name}' are not valid: {ex.Message}", InvalidArguments);
        }
        catch (ToolException ex)
        {
            return new(ex.Message, "tool_error");
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            LogToolFailure(logger, name, ex);
            return new($"Error: the tool '{name}' failed. The server log has the details.", ex.GetType().FullName);
        }
    }

    private static AIFunctionArguments? ParseArguments(string arguments)
    {
        try
        {
            using var document = JsonDocument.Parse(string.IsNullOrWhiteSpace(arguments) ? "{}" : arguments);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                return null;
            }

            // One copy of the whole object outlives the pooled document; its properties are views into it.
            var root = document.RootElement.Clone();
            var parsed = new AIFunctionArguments();
            foreach (var property in root.EnumerateObject())
            {
                parsed[property.Name] = property.Value;
            }

            return parsed;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static Dictionary<string, BackendTool> Build(IEnumerable<ToolRegistration> registrations, IServiceProvider services)
    {
        var built = registrations.Select(r => (Function: r.Create(services), r.Options, r.Source)).ToList();
        var problems = new List<string>();
        foreach (var group in built.GroupBy(t => t.Function.Name, StringComparer.Ordinal))
        {
            if (!ToolNamePattern().IsMatch(group.Key))
            {
                problems.Add($"The backend tool name '{group.Key}' ({group.First().Source}) is not valid: use 1 to 64 letters, digits, '_' or '-'.");
            }

            if (group.Count() > 1)
            {
                problems.Add($"Two backend tools are named '{group.Key}': {string.Join(" and ", group.Select(t => t.Source))}. Tool names must be unique.");
            }
        }

        return problems.Count > 0
            ? throw new InvalidOperationException(string.Join(" ", problems))
            : built.ToDictionary(t => t.Function.Name, t => new BackendTool(t.Function, t.Options), StringComparer.Ordinal);
    }

    private const string InvalidArguments = "invalid_arguments";

    private sealed record BackendTool(AIFunction Function, ToolOptions Options);

    private sealed record ToolResult(string Content, string? ErrorType);

    [GeneratedRegex("^[A-Za-z0-9_-]{1,64}$")]
    private static partial Regex ToolNamePattern();

    [LoggerMessage(Level = LogLevel.Error, Message = "The backend tool {ToolName} threw; the model gets an error result.")]
    private static partial void LogToolFailure(ILogger logger, string toolName, Exception exception);
}
