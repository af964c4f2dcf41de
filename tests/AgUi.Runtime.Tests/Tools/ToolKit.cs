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
    public static BackendToolCatalog Catalog(TimeProvider clock, Action<IServiceCollection>? configure, params Delegate[] tools)
    {
        var services = new ServiceCollection().AddSingleton(clock);
        configure?.Invoke(services);
        var provider = services.BuildServiceProvider();
        var registrations = tools.Select(t => new ToolRegistration(sp => ToolFunctionFactory.Create(t, new ToolOptions(), sp), t.Method.Name));
        return new BackendToolCatalog(registrations, provider, NullLogger<BackendToolCatalog>.Instance);
    }

    public static BackendToolCatalog Catalog(TimeProvider clock, params Delegate[] tools) => Catalog(clock, null, tools);

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
