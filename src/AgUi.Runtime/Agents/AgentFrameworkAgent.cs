using System.Runtime.CompilerServices;
using System.Text.Json;
using AgUi.Protocol.Events;
using AgUi.Protocol.Input;
using AgUi.Runtime.Model;
using Microsoft.Agents.AI;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OpenAI.Chat;

namespace AgUi.Runtime.Agents;

/// <summary>
/// Serves a Microsoft Agent Framework <see cref="AIAgent"/>: each run gives it the thread's history
/// (the thread store has merged it), offers the request's frontend tools as declaration-only functions
/// (the agent hands their calls back instead of running them, and the client runs them), and turns its
/// streamed updates into AG-UI events: text, the calls and results of the tools it runs itself, and usage.
/// </summary>
internal sealed class AgentFrameworkAgent(AIAgent agent, ILogger<AgentFrameworkAgent> logger) : IAgent
{
    private static readonly JsonElement EmptyObjectSchema = JsonDocument.Parse("""{"type":"object","properties":{}}""").RootElement.Clone();

    public static AgentFrameworkAgent Create(AIAgent agent, IServiceProvider services) =>
        new(agent ?? throw new ArgumentNullException(nameof(agent)), services.GetRequiredService<ILogger<AgentFrameworkAgent>>());

    public string Describe() => $"Microsoft Agent Framework agent {agent.Name ?? agent.Id} ({agent.GetType().Name})";

    public async IAsyncEnumerable<BaseEvent> RunAsync(RunAgentInput input, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        yield return new RunStartedEvent { ThreadId = input.ThreadId, RunId = input.RunId, ParentRunId = input.ParentRunId };

        // The agent has its own instructions; the run's context entries still reach it as a system message.
        var messages = ChatInputMapper.Map(input, systemPrompt: null, logger).AsChatMessages();
        var frontendTools = input.Tools
            .Select(t => (AITool)AIFunctionFactory.CreateDeclaration(t.Name, t.Description, t.Parameters.ValueKind == JsonValueKind.Object ? t.Parameters : EmptyObjectSchema))
            .ToList();
        var options = new ChatClientAgentRunOptions(new ChatOptions { Tools = frontendTools });
        var translation = new AgentUpdateTranslation(agent.GetService<ChatClientMetadata>()?.ProviderName);
        await foreach (var agUiEvent in ModelStream.TranslateAsync(agent.RunStreamingAsync(messages, session: null, options, cancellationToken), translation, cancellationToken))
        {
            yield return agUiEvent;
        }

        yield return new RunFinishedEvent { ThreadId = input.ThreadId, RunId = input.RunId, Usage = translation.Usage };
    }
}
