using System.Globalization;
using System.Text.Json.Nodes;
using AgUi.Playground.Tests.Browser;
using AgUi.Testing;
using Microsoft.Playwright;

namespace AgUi.Playground.Tests;

/// <summary>Chatting in the playground: the streamed reply, the event log, the page's policy, phones and keyboards.</summary>
[Collection(ChromiumTests.Name)]
public sealed class ChatTests(ChromiumFixture chromium)
{
    [Fact]
    public async Task A_message_to_the_offline_agent_streams_into_the_chat_one_delta_at_a_time_and_is_announced()
    {
        await using var host = await PlaygroundHosts.OfflineAsync();
        await using var playground = await PlaygroundPage.OpenAsync(chromium, host);
        await playground.RecordReplyDeltasAsync();

        await playground.SendAsync("Hello playground");
        await playground.WaitUntilIdleAsync();

        var reply = playground.AssistantMessages.Last;
        await Expect(reply).ToContainTextAsync("[offline agent] You said: \"Hello playground\".");
        var streamed = (await playground.StreamedEventsAsync())
            .Where(e => (string?)e["type"] == "TEXT_MESSAGE_CONTENT")
            .Select(e => (string)e["delta"]!)
            .ToList();
        Assert.True(streamed.Count > 5, $"The offline agent streamed only {streamed.Count} deltas.");
        Assert.Equal(streamed, await playground.RecordedReplyDeltasAsync());
        Assert.Equal(string.Concat(streamed), await reply.Locator(".text").TextContentAsync());
        await Expect(playground.Page.Locator("#announcer")).ToHaveTextAsync($"The agent says: {string.Concat(streamed)}");
        await Expect(playground.Page.Locator("#transcript .message.user .text")).ToHaveTextAsync("Hello playground");
    }

    [Fact]
    public async Task Stop_ends_a_streaming_run_cancels_the_model_call_and_the_next_message_goes_through()
    {
        await using var model = await ScriptedModelServer.StartAsync();
        model.Enqueue(
            ScriptedResponse.StallAfter(Chunk.Text("Let me think")),
            ScriptedResponse.Stream(Chunk.Text("Short answer."), Chunk.Finish("stop")));
        await using var host = await PlaygroundHosts.WithModelAsync(model);
        await using var playground = await PlaygroundPage.OpenAsync(chromium, host);

        await playground.SendAsync("A long question");
        await Expect(playground.AssistantMessages.Last.Locator(".text")).ToHaveTextAsync("Let me think");
        await Expect(playground.Page.Locator("#send")).ToBeDisabledAsync();
        await playground.Page.Locator("#stop").ClickAsync();
        await playground.WaitUntilIdleAsync();

        await model.Requests[0].Aborted.WaitAsync(TimeSpan.FromSeconds(10));
        await Expect(playground.Page.Locator("#run-status")).ToHaveTextAsync("Stopped");
        await Expect(playground.Page.Locator("#transcript .note")).ToHaveTextAsync("Stopped.");
        await Expect(playground.Page.Locator("#transcript .message.error")).ToHaveCountAsync(0);
        await Expect(playground.AssistantMessages.Last).ToHaveAttributeAsync("aria-busy", "false");
        await Expect(playground.Page.Locator("#stop")).ToBeHiddenAsync();
        await playground.SendAsync("A short one");
        await playground.WaitUntilIdleAsync();
        await Expect(playground.AssistantMessages.Last.Locator(".text")).ToHaveTextAsync("Short answer.");
    }

    [Fact]
    public async Task A_run_error_shows_in_the_chat_with_its_code_and_is_announced()
    {
        await using var model = await ScriptedModelServer.StartAsync();
        model.Enqueue(ScriptedResponse.Error(500, """{"error":{"message":"scripted outage","type":"server_error"}}"""));
        await using var host = await PlaygroundHosts.WithModelAsync(model);
        await using var playground = await PlaygroundPage.OpenAsync(chromium, host);

        await playground.SendAsync("Are you there?");
        await playground.WaitUntilIdleAsync();

        var error = playground.Page.Locator("#transcript .message.error .text");
        await Expect(error).ToContainTextAsync("The run failed (MODEL_SERVER_ERROR)");
        await Expect(playground.Page.Locator("#alerts")).ToHaveTextAsync(await error.TextContentAsync() ?? "");
        Assert.DoesNotContain("scripted outage", await error.TextContentAsync(), StringComparison.Ordinal);
        await Expect(playground.Page.Locator("#send")).ToBeEnabledAsync();
    }

    [Fact]
    public async Task The_event_log_shows_every_event_of_the_stream_in_order_with_the_time_it_arrived()
    {
        await using var model = await ScriptedModelServer.StartAsync();
        model.Enqueue(
            ScriptedResponse.Stream(Chunk.ToolCallStart(0, "call_time", "get_current_time", """{"timeZone":"""), Chunk.ToolCallArgs(0, "\"Asia/Tokyo\"}"), Chunk.Finish("tool_calls")),
            ScriptedResponse.Stream(Chunk.Text("It is "), Chunk.Text("morning in Tokyo."), Chunk.Finish("stop"), Chunk.Usage(12, 5)));
        await using var host = await PlaygroundHosts.WithModelAsync(model);
        await using var playground = await PlaygroundPage.OpenAsync(chromium, host);
        var before = DateTimeOffset.UtcNow;

        await playground.SendAsync("What time is it in Tokyo?");
        await playground.WaitUntilIdleAsync();

        var streamed = await playground.StreamedEventsAsync();
        var logged = await playground.LoggedEventsAsync();
        Assert.Contains(streamed, e => (string?)e["type"] == "TOOL_CALL_RESULT");
        Assert.Equal(streamed.Select(e => (string?)e["type"]), logged.Select(e => e.Type));
        for (var i = 0; i < streamed.Count; i++)
        {
            Assert.True(JsonNode.DeepEquals(streamed[i], JsonNode.Parse(logged[i].Json)), $"Event {i} ({logged[i].Type}) differs:\n{streamed[i].ToJsonString()}\n{logged[i].Json}");
        }

        var arrived = logged.Select(e => DateTimeOffset.Parse(e.Iso, CultureInfo.InvariantCulture)).ToList();
        Assert.All(arrived, time => Assert.InRange(time, before.AddSeconds(-1), DateTimeOffset.UtcNow.AddSeconds(1)));
        Assert.Equal(arrived.Order(), arrived);
        Assert.All(logged, e => Assert.Matches(@"^\d{2}:\d{2}:\d{2}\.\d{3}$", e.Time));
    }

    [Fact]
    public async Task The_page_runs_under_its_content_security_policy_without_a_violation_and_requests_only_its_own_server()
    {
        await using var host = await PlaygroundHosts.OfflineAsync();
        await using var playground = await PlaygroundPage.OpenAsync(chromium, host);
        var violations = playground.Page.WaitForConsoleMessageAsync(new PageWaitForConsoleMessageOptions
        {
            Predicate = m => m.Text.Contains("Content Security Policy", StringComparison.OrdinalIgnoreCase),
            Timeout = 2_000,
        });

        await playground.SendAsync("Is anything loaded from elsewhere?");
        await playground.WaitUntilIdleAsync();

        await Expect(playground.AssistantMessages.Last).ToContainTextAsync("Is anything loaded from elsewhere?");
        await Assert.ThrowsAsync<TimeoutException>(() => violations);
        Assert.Empty(playground.ConsoleProblems);
        var origin = host.BaseAddress.GetLeftPart(UriPartial.Authority);
        Assert.NotEmpty(playground.RequestedUrls);
        Assert.All(playground.RequestedUrls, url => Assert.StartsWith(origin + "/", url, StringComparison.Ordinal));
        Assert.Contains(origin + "/playground/playground.js", playground.RequestedUrls);
        Assert.Contains(origin + "/api/agent", playground.RequestedUrls);
    }

    [Fact]
    public async Task On_a_phone_screen_the_chat_fits_the_width_and_a_long_reply_wraps()
    {
        await using var host = await PlaygroundHosts.OfflineAsync();
        await using var playground = await PlaygroundPage.OpenAsync(chromium, host, new BrowserNewContextOptions
        {
            ViewportSize = new ViewportSize { Width = 390, Height = 844 },
            IsMobile = true,
            HasTouch = true,
            DeviceScaleFactor = 2,
        });

        await playground.SendAsync("A long word that does not fit: " + new string('x', 160));
        await playground.WaitUntilIdleAsync();

        await Expect(playground.AssistantMessages.Last).ToContainTextAsync("xxxxxxxx");
        var widths = await playground.Page.EvaluateAsync<int[]>("""
            () => [document.documentElement.scrollWidth, window.innerWidth,
                   document.getElementById('transcript').scrollWidth, document.getElementById('transcript').clientWidth]
            """);
        var (scrollWidth, viewportWidth) = (widths[0], widths[1]);
        Assert.True(scrollWidth <= viewportWidth, $"The page is {scrollWidth}px wide on a {viewportWidth}px screen.");
        Assert.True(widths[2] <= widths[3], $"The chat's content is {widths[2]}px wide in a {widths[3]}px chat: it scrolls sideways.");
        var input = await playground.Input.BoundingBoxAsync();
        Assert.NotNull(input);
        Assert.InRange(input.X + input.Width, 0, viewportWidth);
    }

    [Fact]
    public async Task The_keyboard_alone_reaches_the_message_box_sends_answers_the_confirm_card_and_gets_back_to_the_message_box()
    {
        await using var model = await ScriptedModelServer.StartAsync();
        model.Enqueue(
            ScriptedResponse.Stream(Chunk.ToolCallStart(0, "call_confirm", "confirm_action", """{"message":"Archive the report?"}"""), Chunk.Finish("tool_calls")),
            ScriptedResponse.Stream(Chunk.Text("Archived."), Chunk.Finish("stop")));
        await using var host = await PlaygroundHosts.WithModelAsync(model);
        await using var playground = await PlaygroundPage.OpenAsync(chromium, host);

        await playground.Page.Keyboard.PressAsync("Tab");
        await Expect(playground.Page.Locator(".skip-link")).ToBeFocusedAsync();
        await playground.Page.Keyboard.PressAsync("Enter");
        await Expect(playground.Input).ToBeFocusedAsync();
        await playground.Page.Keyboard.TypeAsync("Archive the report");
        await playground.Page.Keyboard.PressAsync("Enter");

        var question = playground.ToolCard("confirm_action").Locator(".question");
        await Expect(question).ToBeFocusedAsync();
        await playground.Page.Keyboard.PressAsync("Tab");
        await Expect(question.Locator("button[data-answer='yes']")).ToBeFocusedAsync();
        await playground.Page.Keyboard.PressAsync("Enter");
        await playground.WaitUntilIdleAsync();

        await Expect(playground.AssistantMessages.Last.Locator(".text")).ToHaveTextAsync("Archived.");
        Assert.Equal(2, model.Requests.Count);
        await Expect(playground.Input).ToBeFocusedAsync();
    }
}
