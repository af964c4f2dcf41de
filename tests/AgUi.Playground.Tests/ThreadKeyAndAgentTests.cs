using System.Runtime.CompilerServices;
using AgUi.Playground.Tests.Browser;
using AgUi.Protocol.Events;
using AgUi.Protocol.Input;
using AgUi.Testing;

namespace AgUi.Playground.Tests;

/// <summary>Threads (new, reopened by a sync run), the function key, and the agent picker.</summary>
[Collection(ChromiumTests.Name)]
public sealed class ThreadKeyAndAgentTests(ChromiumFixture chromium)
{
    private const string Key = "playground-test-key-5f2c";

    [Fact]
    public async Task Reopening_a_thread_brings_its_history_back_through_a_sync_run()
    {
        await using var host = await PlaygroundHosts.OfflineAsync();
        await using var playground = await PlaygroundPage.OpenAsync(chromium, host);
        await playground.SendAsync("Remember the lighthouse");
        await playground.WaitUntilIdleAsync();
        var firstThread = await playground.Page.Locator("#thread-id").TextContentAsync();

        await playground.Page.Locator("#new-thread").ClickAsync();
        await Expect(playground.Page.Locator("#thread-id")).Not.ToHaveTextAsync(firstThread!);
        await Expect(playground.Page.Locator("#transcript .message")).ToHaveCountAsync(0);
        await playground.Page.Locator($"#thread-list button[data-thread-id='{firstThread}']").ClickAsync();
        await playground.WaitUntilIdleAsync();

        await Expect(playground.Page.Locator("#thread-id")).ToHaveTextAsync(firstThread!);
        await Expect(playground.Page.Locator("#transcript .message.user .text")).ToHaveTextAsync("Remember the lighthouse");
        await Expect(playground.AssistantMessages.Locator(".text")).ToContainTextAsync("You said: \"Remember the lighthouse\".");
        var sync = playground.RunRequests.Last();
        Assert.Equal(firstThread, (string?)sync["threadId"]);
        Assert.Empty(sync["messages"]!.AsArray());
        var syncRun = (await playground.StreamedEventsAsync()).TakeLast(4);
        Assert.Equal(["RUN_STARTED", "STATE_SNAPSHOT", "MESSAGES_SNAPSHOT", "RUN_FINISHED"], syncRun.Select(e => (string?)e["type"]));
    }

    [Fact]
    public async Task A_reload_reopens_the_thread_the_tab_was_showing()
    {
        await using var host = await PlaygroundHosts.OfflineAsync();
        await using var playground = await PlaygroundPage.OpenAsync(chromium, host);
        await playground.SendAsync("Still here after a reload?");
        await playground.WaitUntilIdleAsync();
        var thread = await playground.Page.Locator("#thread-id").TextContentAsync();

        await playground.Page.ReloadAsync();
        await playground.WaitUntilReadyAsync();

        await Expect(playground.Page.Locator("#thread-id")).ToHaveTextAsync(thread!);
        await Expect(playground.Page.Locator("#transcript .message.user .text")).ToHaveTextAsync("Still here after a reload?");
        await Expect(playground.AssistantMessages.Locator(".text")).ToContainTextAsync("Still here after a reload?");
    }

    [Fact]
    public async Task The_function_key_is_kept_for_the_tab_sent_as_x_functions_key_and_written_nowhere_else()
    {
        await using var host = await PlaygroundHosts.OfflineAsync(options => options.Settings["AgUi:Auth:FunctionKeys"] = Key);
        await using var playground = await PlaygroundPage.OpenAsync(chromium, host);
        await Expect(playground.Page.Locator("#connection-status")).ToContainTextAsync("enter one in “Function key”");

        await playground.SendAsync("Without a key");
        await playground.WaitUntilIdleAsync();
        await Expect(playground.Page.Locator("#transcript .message.error")).ToContainTextAsync("HTTP 401");

        await playground.Page.Locator("#function-key").FillAsync(Key);
        await playground.Page.Locator("#function-key").PressAsync("Tab");
        await Expect(playground.Page.Locator("#connection-status")).ToBeEmptyAsync();
        var headers = playground.Page.WaitForRequestAsync(r => r.Url.EndsWith("/api/agent", StringComparison.Ordinal));
        await playground.SendAsync("With the key");
        await playground.WaitUntilIdleAsync();

        Assert.Equal(Key, (await (await headers).AllHeadersAsync())["x-functions-key"]);
        await Expect(playground.AssistantMessages.Last).ToContainTextAsync("You said: \"With the key\".");
        Assert.Equal(Key, await playground.Page.EvaluateAsync<string>("() => sessionStorage.getItem('agui-playground.function-key')"));
        Assert.DoesNotContain(Key, await playground.Page.EvaluateAsync<string>("() => JSON.stringify(localStorage)"), StringComparison.Ordinal);
        Assert.DoesNotContain(Key, await playground.Page.ContentAsync(), StringComparison.Ordinal);
        Assert.All(playground.RequestedUrls, url => Assert.DoesNotContain(Key, url, StringComparison.Ordinal));
        Assert.DoesNotContain(Key, playground.Page.Url, StringComparison.Ordinal);
        Assert.All(host.Logs.Entries, entry => Assert.DoesNotContain(Key, entry.AllText(), StringComparison.Ordinal));

        await playground.Page.ReloadAsync();
        await playground.WaitUntilReadyAsync();
        await Expect(playground.Page.Locator("#function-key")).ToHaveValueAsync(Key);
        await playground.Page.Locator("#forget-key").ClickAsync();
        Assert.Null(await playground.Page.EvaluateAsync<string?>("() => sessionStorage.getItem('agui-playground.function-key')"));
    }

    [Fact]
    public async Task The_agent_picker_lists_every_agent_and_the_chosen_one_answers_at_its_own_url()
    {
        await using var host = await PlaygroundHosts.OfflineAsync(options =>
            options.ConfigureAgUi = agUi => agUi.AddAgent("echo", _ => new DelegateAgent(Echo)));
        await using var playground = await PlaygroundPage.OpenAsync(chromium, host);
        var picker = playground.Page.Locator("#agent-picker");
        await Expect(picker.Locator("option")).ToHaveTextAsync(["default (/api/agent)", "echo (/api/agents/echo)"]);

        await picker.SelectOptionAsync("echo");
        await playground.SendAsync("Who is there?");
        await playground.WaitUntilIdleAsync();

        await Expect(playground.AssistantMessages.Last.Locator(".text")).ToHaveTextAsync("echo agent: Who is there?");
        Assert.Equal("/api/agents/echo", new Uri(playground.RequestedUrls.Last(url => url.Contains("/api/agent", StringComparison.Ordinal))).AbsolutePath);
        Assert.Equal("echo", await picker.InputValueAsync());
    }

    private static async IAsyncEnumerable<BaseEvent> Echo(RunAgentInput input, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        yield return new RunStartedEvent { ThreadId = input.ThreadId, RunId = input.RunId };
        var said = input.Messages.OfType<AgUi.Protocol.Messages.UserMessage>().Last().Content.ToPlainText();
        yield return new TextMessageStartEvent { MessageId = "echo-reply", Role = TextMessageRole.Assistant };
        yield return new TextMessageContentEvent { MessageId = "echo-reply", Delta = $"echo agent: {said}" };
        yield return new TextMessageEndEvent { MessageId = "echo-reply" };
        await Task.CompletedTask;
        yield return new RunFinishedEvent { ThreadId = input.ThreadId, RunId = input.RunId };
    }
}
