using System.Text.Json.Nodes;
using System.Threading.Channels;
using AgUi.Protocol.Events;
using AgUi.Protocol.Input;
using AgUi.Runtime.Tools;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace AgUi.Runtime.Tests.Tools;

/// <summary>Backend tool catalogs built from methods the way the app builds them, and single calls run through them.</summary>
internal static class ToolKit
{
    /// <summary>A catalog of exactly <paramref name="tools"/>, with <paramref name="clock"/> and <paramref name="configure"/>'s services.</summary>
    public static BackendToolCatalog Catalog(TimeProvider clock, Action<IServiceCollection>? configure, params Delegate[] tools) =>
        Catalog(clock, configure, [.. tools.Select(t => Tool(t))]);

    public static BackendToolCatalog Catalog(TimeProvider clock, params Delegate[] tools) => Catalog(clock, null, tools);

    public static BackendToolCatalog Catalog(TimeProvider clock, params ToolRegistration[] tools) => Catalog(clock, null, tools);

    public static BackendToolCatalog Catalog(TimeProvider clock, Action<IServiceCollection>? configure, params ToolRegistration[] tools)
    {
        var services = new ServiceCollection().AddSingleton(clock);
        configure?.Invoke(services);
        return new BackendToolCatalog(tools, services.BuildServiceProvider(), NullLogger<BackendToolCatalog>.Instance);
    }

    /// <summary>A tool as <c>AddTool(method, configure)</c> registers it.</summary>
    public static ToolRegistration Tool(Delegate method, Action<ToolOptions>? configure = null)
    {
        var options = new ToolOptions();
        configure?.Invoke(options);
        return new ToolRegistration(sp => ToolFunctionFactory.Create(method, options, sp), options, method.Method.Name);
    }

    /// <summary>Runs one call to its end and returns what it streamed, its result text and the state after it.</summary>
    public static async Task<ToolCallRun> RunAsync(BackendToolCatalog catalog, string name, string arguments, string? state = null)
    {
        var input = new RunAgentInput { ThreadId = "thread-1", RunId = "run-1", Messages = [] };
        var runState = new RunState(state is null ? null : JsonNode.Parse(state));
        var events = new List<BaseEvent>();
        await foreach (var agUiEvent in catalog.RunAsync("call_1", name, arguments, input, runState, CancellationToken.None))
        {
            events.Add(agUiEvent);
        }

        var result = Assert.IsType<ToolCallResultEvent>(events[^1]);
        Assert.Equal("call_1", result.ToolCallId);
        return new ToolCallRun(events[..^1], result.Content.Text!, runState.Current);
    }
}

/// <summary>One tool call as it ran: the events it emitted before its result, the result text, the state after it.</summary>
internal sealed record ToolCallRun(IReadOnlyList<BaseEvent> Emitted, string Result, JsonNode? State);
