using System.Text.Json;
using AgUi.Protocol.Events;
using AgUi.Protocol.Input;
using AgUi.Protocol.Messages;
using AgUi.Protocol.Verification;
using AgUi.Runtime.Agents;
using AgUi.Runtime.Model;
using AgUi.Runtime.Tools;
using AgUi.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace AgUi.Runtime.Tests.Model;

/// <summary>Builds model agents against a <see cref="ScriptedModelServer"/> and runs them with every event verified.</summary>
internal static class ModelTestKit
{
    public static ModelOptions OptionsFor(ScriptedModelServer server, Action<ModelOptions>? configure = null)
    {
        var options = new ModelOptions
        {
            Provider = ModelProvider.OpenAICompatible,
            Endpoint = server.BaseUrl.ToString(),
            Model = "test-model",
            MaxRetries = 0,
            RequestTimeout = TimeSpan.FromSeconds(30),
        };
        configure?.Invoke(options);
        return options;
    }

    public static ChatModelAgent CreateAgent(ModelOptions options, params IBackendTool[] backendTools) =>
        new(Options.Create(options), backendTools, NullLogger<ChatModelAgent>.Instance);

    public static RunAgentInput Input(params Message[] messages) => new()
    {
        ThreadId = "thread-1",
        RunId = $"run-{Guid.NewGuid():N}",
        Messages = messages,
    };

    public static UserMessage User(string text) => new() { Id = $"user-{Guid.NewGuid():N}", Content = text };

    public static Tool FrontendTool(string name, string parametersJson = """{"type":"object","properties":{"city":{"type":"string"}},"required":["city"]}""") =>
        new() { Name = name, Description = $"The client's {name} tool.", Parameters = JsonDocument.Parse(parametersJson).RootElement };

    /// <summary>
    /// Runs the agent to its end, checking every event with the AG-UI sequencing rules. A model failure
    /// is returned, not thrown, after checking that the agent closed everything it had opened.
    /// </summary>
    public static async Task<RunOutcome> RunAsync(IAgent agent, RunAgentInput input, CancellationToken cancellationToken = default)
    {
        var verifier = new EventSequenceVerifier();
        var events = new List<BaseEvent>();
        try
        {
            await foreach (var agUiEvent in agent.RunAsync(input, cancellationToken))
            {
                Assert.Null(verifier.Accept(agUiEvent));
                events.Add(agUiEvent);
            }
        }
        catch (AgentRunException failure)
        {
            Assert.Equal(RunPhase.Running, verifier.Phase);
            Assert.False(verifier.HasOpenItems, "The agent threw while a message or tool call was still open.");
            return new RunOutcome(events, failure);
        }

        Assert.True(verifier.IsTerminated, "The run ended without RUN_FINISHED or RUN_ERROR.");
        return new RunOutcome(events, null);
    }
}

internal sealed record RunOutcome(IReadOnlyList<BaseEvent> Events, AgentRunException? Failure)
{
    public IEnumerable<string> Types => Events.Select(e => e.Type);

    public IEnumerable<T> Of<T>() where T : BaseEvent => Events.OfType<T>();

    public string Text => string.Concat(Of<TextMessageContentEvent>().Select(e => e.Delta));

    public RunFinishedEvent Finished => Assert.Single(Of<RunFinishedEvent>());
}

/// <summary>A clock stopped at one instant.</summary>
internal sealed class FixedTimeProvider(DateTimeOffset now) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => now;
}
