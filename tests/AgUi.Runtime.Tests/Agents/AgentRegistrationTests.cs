using System.Net;
using System.Runtime.CompilerServices;
using AgUi.Protocol.Events;
using AgUi.Protocol.Input;
using AgUi.Protocol.Messages;
using AgUi.Runtime.Agents;
using AgUi.Runtime.Hosting;
using AgUi.Runtime.Tests.Model;
using AgUi.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace AgUi.Runtime.Tests.Agents;

/// <summary>Serving your own agents through AddAgUi: the default one, named ones, and the wrong way to register one.</summary>
public sealed class AgentRegistrationTests
{
    [Fact]
    public async Task An_agent_served_with_UseAgent_answers_at_the_default_url_and_its_threads_are_kept()
    {
        await using var host = await AgUiTestHost.StartAsync(o => o.ConfigureAgUi = agUi => agUi.UseAgent<EchoAgent>());

        var first = await host.RunAsync(Conversation("t1", User("u1", "hello")));
        var sync = await host.RunAsync(Conversation("t1"));

        Assert.Equal("echo: hello", Text(first));
        var snapshot = Assert.Single(sync.Events.OfType<MessagesSnapshotEvent>());
        Assert.Equal(["user", "assistant"], snapshot.Messages.Select(m => m.Role.ToString().ToLowerInvariant()));
        Assert.Equal("echo: hello", ((AssistantMessage)snapshot.Messages[1]).Content);
    }

    [Fact]
    public async Task Named_agents_answer_at_their_own_url_and_keep_their_own_threads()
    {
        await using var host = await AgUiTestHost.StartAsync(o => o.ConfigureAgUi = agUi => agUi
            .AddAgent<EchoAgent>("echo")
            .AddAgent("shout", _ => new EchoAgent(text => text.ToUpperInvariant())));

        var echo = await host.RunAsync(host.EndpointOf("echo"), Conversation("shared", User("u1", "one")));
        var shout = await host.RunAsync(host.EndpointOf("SHOUT"), Conversation("shared", User("u2", "two")));
        var echoThread = await host.RunAsync(host.EndpointOf("echo"), Conversation("shared"));
        var shoutThread = await host.RunAsync(host.EndpointOf("shout"), Conversation("shared"));
        var defaultThread = await host.RunAsync(Conversation("shared"));

        Assert.Equal(("echo: one", "TWO"), (Text(echo), Text(shout)));
        Assert.Equal(["one", "echo: one"], Contents(echoThread));
        Assert.Equal(["two", "TWO"], Contents(shoutThread));
        Assert.Empty(Contents(defaultThread));
    }

    [Fact]
    public async Task An_unknown_agent_name_gets_404_problem_json()
    {
        await using var host = await AgUiTestHost.StartAsync(o => o.ConfigureAgUi = agUi => agUi.AddAgent<EchoAgent>("echo"));
        using var request = RunRequests.Create(Conversation("t1", User("u1", "hi")), host.EndpointOf("nobody"));

        using var response = await host.Client.SendAsync(request);

        await ProblemResponses.AssertProblemAsync(response, HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task The_default_agent_is_also_served_under_its_name()
    {
        await using var host = await AgUiTestHost.StartAsync(o => o.ConfigureAgUi = agUi => agUi.UseAgent<EchoAgent>());

        await host.RunAsync(host.EndpointOf(AgentNames.Default), Conversation("t1", User("u1", "hello")));
        var sync = await host.RunAsync(Conversation("t1"));

        Assert.Equal(["hello", "echo: hello"], Contents(sync));
    }

    [Fact]
    public async Task An_agent_registered_straight_into_the_services_stops_the_start_saying_what_to_do()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.Services.AddAgUi(builder.Configuration);
        builder.Services.AddSingleton<IAgent, EchoAgent>();
        await using var app = builder.Build();

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => app.StartAsync());

        Assert.Contains(nameof(EchoAgent), error.Message, StringComparison.Ordinal);
        Assert.Contains("UseAgent<MyAgent>()", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("bad name")]
    [InlineData("-leading-dash")]
    [InlineData("")]
    public void A_name_that_is_not_a_url_segment_is_refused_at_registration(string name)
    {
        var agUi = new ServiceCollection().AddAgUi(new Microsoft.Extensions.Configuration.ConfigurationBuilder().Build());

        var error = Assert.Throws<ArgumentException>(() => agUi.AddAgent<EchoAgent>(name));

        Assert.Contains("not a valid agent name", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Two_agents_with_one_name_stop_the_start()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.Services.AddAgUi(builder.Configuration).AddAgent<EchoAgent>("echo").AddAgent<EchoAgent>("Echo");
        await using var app = builder.Build();

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => app.StartAsync());

        Assert.Contains("'echo' is registered more than once", error.Message, StringComparison.Ordinal);
    }

    private static RunAgentInput Conversation(string threadId, params Message[] messages) => new()
    {
        ThreadId = threadId,
        RunId = $"run-{Guid.NewGuid():N}",
        Messages = messages,
    };

    private static UserMessage User(string id, string text) => new() { Id = id, Content = text };

    private static string Text(SseReader run) => string.Concat(run.Events.OfType<TextMessageContentEvent>().Select(e => e.Delta));

    private static IEnumerable<string?> Contents(SseReader syncRun) =>
        Assert.Single(syncRun.Events.OfType<MessagesSnapshotEvent>()).Messages.Select(m => m switch
        {
            UserMessage u => u.Content.ToPlainText(),
            AssistantMessage a => a.Content,
            _ => null,
        });

    /// <summary>Answers each run with the last user message, transformed.</summary>
    private sealed class EchoAgent(Func<string, string> reply) : IAgent
    {
        public EchoAgent()
            : this(text => $"echo: {text}")
        {
        }

        public async IAsyncEnumerable<BaseEvent> RunAsync(RunAgentInput input, [EnumeratorCancellation] CancellationToken cancellationToken)
        {
            yield return new RunStartedEvent { ThreadId = input.ThreadId, RunId = input.RunId };
            var messageId = $"msg_{Guid.NewGuid():N}";
            var last = input.Messages.OfType<UserMessage>().Last().Content.ToPlainText();
            yield return new TextMessageStartEvent { MessageId = messageId, Role = TextMessageRole.Assistant };
            yield return new TextMessageContentEvent { MessageId = messageId, Delta = reply(last) };
            yield return new TextMessageEndEvent { MessageId = messageId };
            await Task.Yield();
            yield return new RunFinishedEvent { ThreadId = input.ThreadId, RunId = input.RunId };
        }
    }
}
