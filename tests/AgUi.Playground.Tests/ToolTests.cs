using System.Collections.Concurrent;
using System.ComponentModel;
using System.Text.Json.Nodes;
using AgUi.Playground.Tests.Browser;
using AgUi.Testing;

namespace AgUi.Playground.Tests;

/// <summary>Tool calls in the playground: backend tool cards, the page's own tools, the state view and approvals.</summary>
[Collection(ChromiumTests.Name)]
public sealed class ToolTests(ChromiumFixture chromium)
{
    [Fact]
    public async Task A_backend_tool_call_shows_as_a_card_with_its_name_arguments_and_the_server_result()
    {
        await using var model = await ScriptedModelServer.StartAsync();
        model.Enqueue(
            ScriptedResponse.Stream(Chunk.ToolCallStart(0, "call_time", "get_current_time", """{"timeZ"""), Chunk.ToolCallArgs(0, "one\":\"Europe/Paris\"}"), Chunk.Finish("tool_calls")),
            ScriptedResponse.Stream(Chunk.Text("It is evening in Paris."), Chunk.Finish("stop")));
        await using var host = await PlaygroundHosts.WithModelAsync(model);
        await using var playground = await PlaygroundPage.OpenAsync(chromium, host);

        await playground.SendAsync("What time is it in Paris?");
        await playground.WaitUntilIdleAsync();

        var card = playground.ToolCard("get_current_time");
        await Expect(card).ToHaveAttributeAsync("data-kind", "backend");
        await Expect(card).ToHaveAttributeAsync("data-status", "done");
        await Expect(card.Locator(".tool-name")).ToHaveTextAsync("get_current_time");
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""{"timeZone":"Europe/Paris"}"""), JsonNode.Parse(await card.Locator(".tool-args").TextContentAsync() ?? "")));
        var result = (await playground.StreamedEventsAsync()).Single(e => (string?)e["type"] == "TOOL_CALL_RESULT");
        var shown = await card.Locator(".tool-result").TextContentAsync() ?? "";
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse((string)result["content"]!), JsonNode.Parse(shown)), $"The card shows {shown}, the server sent {result["content"]}.");
        Assert.Contains("Europe/Paris", shown, StringComparison.Ordinal);
        await Expect(playground.AssistantMessages.Last.Locator(".text")).ToHaveTextAsync("It is evening in Paris.");
    }

    [Fact]
    public async Task The_change_background_tool_changes_the_page_background_and_its_result_goes_back_to_the_model()
    {
        await using var model = await ScriptedModelServer.StartAsync();
        model.Enqueue(
            ScriptedResponse.Stream(Chunk.Text("Changing it."), Chunk.ToolCallStart(0, "call_bg", "change_background", """{"background":"#ffe4c4"}"""), Chunk.Finish("tool_calls")),
            ScriptedResponse.Stream(Chunk.Text("The background is bisque now."), Chunk.Finish("stop")));
        await using var host = await PlaygroundHosts.WithModelAsync(model);
        await using var playground = await PlaygroundPage.OpenAsync(chromium, host);
        var before = await playground.Page.EvaluateAsync<string>("() => getComputedStyle(document.body).backgroundColor");

        await playground.SendAsync("Make the background bisque");
        await playground.WaitUntilIdleAsync();

        await Expect(playground.Page.Locator("body")).ToHaveCSSAsync("background-color", "rgb(255, 228, 196)");
        Assert.NotEqual("rgb(255, 228, 196)", before);
        var card = playground.ToolCard("change_background");
        await Expect(card).ToHaveAttributeAsync("data-kind", "frontend");
        await Expect(card.Locator(".tool-result")).ToHaveTextAsync("The page background is now #ffe4c4.");
        Assert.Contains("change_background", model.Requests[0].ToolNames);
        Assert.Contains("confirm_action", model.Requests[0].ToolNames);
        var toolMessage = model.Requests[1].Messages.Single(m => (string?)m!["role"] == "tool");
        Assert.Equal(("call_bg", "The page background is now #ffe4c4."), ((string?)toolMessage!["tool_call_id"], (string?)toolMessage["content"]));
        await Expect(playground.AssistantMessages.Last.Locator(".text")).ToHaveTextAsync("The background is bisque now.");
    }

    [Fact]
    public async Task A_background_that_would_load_a_file_is_refused_and_the_model_is_told_why()
    {
        await using var model = await ScriptedModelServer.StartAsync();
        model.Enqueue(
            ScriptedResponse.Stream(Chunk.ToolCallStart(0, "call_bg", "change_background", """{"background":"url(https://example.com/cat.png)"}"""), Chunk.Finish("tool_calls")),
            ScriptedResponse.Stream(Chunk.Text("That did not work."), Chunk.Finish("stop")));
        await using var host = await PlaygroundHosts.WithModelAsync(model);
        await using var playground = await PlaygroundPage.OpenAsync(chromium, host);
        var before = await playground.Page.EvaluateAsync<string>("() => getComputedStyle(document.body).background");

        await playground.SendAsync("Put a cat picture behind the page");
        await playground.WaitUntilIdleAsync();

        await Expect(playground.ToolCard("change_background")).ToHaveAttributeAsync("data-status", "failed");
        Assert.Equal(before, await playground.Page.EvaluateAsync<string>("() => getComputedStyle(document.body).background"));
        var toolMessage = model.Requests[1].Messages.Single(m => (string?)m!["role"] == "tool");
        Assert.Contains("is not a CSS background this page accepts", (string?)toolMessage!["content"], StringComparison.Ordinal);
        Assert.DoesNotContain(playground.RequestedUrls, url => url.Contains("example.com", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("yes", true)]
    [InlineData("no", false)]
    public async Task The_confirm_action_tool_asks_the_person_and_sends_the_answer_to_the_model(string button, bool confirmed)
    {
        await using var model = await ScriptedModelServer.StartAsync();
        model.Enqueue(
            ScriptedResponse.Stream(Chunk.ToolCallStart(0, "call_confirm", "confirm_action", """{"message":"Delete the draft?"}"""), Chunk.Finish("tool_calls")),
            ScriptedResponse.Stream(Chunk.Text("Understood."), Chunk.Finish("stop")));
        await using var host = await PlaygroundHosts.WithModelAsync(model);
        await using var playground = await PlaygroundPage.OpenAsync(chromium, host, screenshotName: $"{nameof(The_confirm_action_tool_asks_the_person_and_sends_the_answer_to_the_model)}_{button}");

        await playground.SendAsync("Clean up my drafts");
        var card = playground.ToolCard("confirm_action");
        await Expect(card).ToHaveAttributeAsync("data-status", "waiting");
        await Expect(card.Locator(".question-message")).ToHaveTextAsync("Delete the draft?");
        await Expect(playground.Page.Locator("#announcer")).ToHaveTextAsync("The agent asks you to confirm: Delete the draft?");
        Assert.Single(model.Requests);
        await card.Locator($"button[data-answer='{button}']").ClickAsync();
        await playground.WaitUntilIdleAsync();

        var toolMessage = model.Requests[1].Messages.Single(m => (string?)m!["role"] == "tool");
        Assert.True(JsonNode.DeepEquals(new JsonObject { ["confirmed"] = confirmed }, JsonNode.Parse((string)toolMessage!["content"]!)));
        await Expect(card.Locator(".question button")).ToHaveCountAsync(0);
        await Expect(playground.AssistantMessages.Last.Locator(".text")).ToHaveTextAsync("Understood.");
    }

    [Fact]
    public async Task The_state_view_shows_the_shared_state_after_update_state_from_the_delta()
    {
        await using var model = await ScriptedModelServer.StartAsync();
        model.Enqueue(
            ScriptedResponse.Stream(
                Chunk.ToolCallStart(0, "call_state", "update_state", """{"operations":[{"op":"add","path":"/city","value":"Oslo"},"""),
                Chunk.ToolCallArgs(0, """{"op":"add","path":"/guests","value":[{"name":"Ada"}]}]}"""),
                Chunk.Finish("tool_calls")),
            ScriptedResponse.Stream(Chunk.Text("Noted."), Chunk.Finish("stop")));
        await using var host = await PlaygroundHosts.WithModelAsync(model);
        await using var playground = await PlaygroundPage.OpenAsync(chromium, host);

        await playground.SendAsync("Plan a dinner in Oslo for Ada");
        await playground.WaitUntilIdleAsync();

        Assert.Contains(await playground.StreamedEventsAsync(), e => (string?)e["type"] == "STATE_DELTA");
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""{"city":"Oslo","guests":[{"name":"Ada"}]}"""), await playground.ShownStateAsync()),
            $"The state view shows {await playground.ShownStateAsync()}.");
        await Expect(playground.Page.Locator("#state-source")).ToContainTextAsync("From STATE_DELTA");
    }

    [Theory]
    [InlineData("yes", true)]
    [InlineData("no", false)]
    public async Task An_approval_interrupt_gets_the_confirm_card_and_the_answer_resumes_the_run(string button, bool approved)
    {
        await using var model = await ScriptedModelServer.StartAsync();
        model.Enqueue(
            ScriptedResponse.Stream(Chunk.Text("I'll send it."), Chunk.ToolCallStart(0, "call_mail", "send_email", """{"to":"ada@example.com","subject":"Hi"}"""), Chunk.Finish("tool_calls")),
            ScriptedResponse.Stream(Chunk.Text("Done."), Chunk.Finish("stop")));
        var outbox = new Outbox();
        await using var host = await PlaygroundHosts.WithModelAsync(model, options =>
            options.ConfigureAgUi = agUi => agUi.AddTool(outbox.SendEmail, o => o.RequiresApproval = true));
        await using var playground = await PlaygroundPage.OpenAsync(chromium, host, screenshotName: $"{nameof(An_approval_interrupt_gets_the_confirm_card_and_the_answer_resumes_the_run)}_{button}");

        await playground.SendAsync("Email Ada");
        var card = playground.ToolCard("send_email");
        await Expect(card).ToHaveAttributeAsync("data-status", "waiting");
        await Expect(card.Locator(".question h4")).ToHaveTextAsync("Approve send_email?");
        await Expect(card.Locator(".question-message")).ToHaveTextAsync("Allow send_email to run with these arguments?");
        await Expect(card.Locator(".question .hint")).ToContainTextAsync("Answer before");
        Assert.Empty(outbox.Sent);
        await card.Locator($"button[data-answer='{button}']").ClickAsync();
        await playground.WaitUntilIdleAsync();

        var resume = Assert.Single(playground.RunRequests[1]["resume"]!.AsArray());
        var expected = new JsonObject { ["interruptId"] = "approve-call_mail", ["status"] = "resolved", ["payload"] = new JsonObject { ["approved"] = approved } };
        Assert.True(JsonNode.DeepEquals(expected, resume),
            $"The page resumed with {resume!.ToJsonString()}.");
        Assert.Equal(approved ? ["ada@example.com: Hi"] : Array.Empty<string>(), outbox.Sent.ToArray());
        var expectedResult = approved ? "Sent to ada@example.com." : "The user did not approve this call to send_email; it did not run.";
        await Expect(card.Locator(".tool-result")).ToHaveTextAsync(expectedResult);
        await Expect(playground.AssistantMessages.Last.Locator(".text")).ToHaveTextAsync("Done.");
    }

    [Fact]
    public async Task A_pending_approval_comes_back_after_a_reload_and_the_answer_resumes_the_run()
    {
        await using var model = await ScriptedModelServer.StartAsync();
        model.Enqueue(
            ScriptedResponse.Stream(Chunk.ToolCallStart(0, "call_mail", "send_email", """{"to":"ada@example.com","subject":"Hi"}"""), Chunk.Finish("tool_calls")),
            ScriptedResponse.Stream(Chunk.Text("Sent after all."), Chunk.Finish("stop")));
        var outbox = new Outbox();
        await using var host = await PlaygroundHosts.WithModelAsync(model, options =>
            options.ConfigureAgUi = agUi => agUi.AddTool(outbox.SendEmail, o => o.RequiresApproval = true));
        await using var playground = await PlaygroundPage.OpenAsync(chromium, host, screenshotName: nameof(A_pending_approval_comes_back_after_a_reload_and_the_answer_resumes_the_run));
        await playground.SendAsync("Email Ada");
        await Expect(playground.ToolCard("send_email")).ToHaveAttributeAsync("data-status", "waiting");

        // The reload's sync run brings the thread back with its pending interrupt, and the page asks again.
        await playground.Page.ReloadAsync();
        var card = playground.ToolCard("send_email");
        await Expect(card).ToHaveAttributeAsync("data-status", "waiting");
        await card.Locator("button[data-answer='yes']").ClickAsync();
        await playground.WaitUntilIdleAsync();

        Assert.Equal(["ada@example.com: Hi"], outbox.Sent.ToArray());
        await Expect(card.Locator(".tool-result")).ToHaveTextAsync("Sent to ada@example.com.");
        await Expect(playground.AssistantMessages.Last.Locator(".text")).ToHaveTextAsync("Sent after all.");
    }

    private sealed class Outbox
    {
        public ConcurrentQueue<string> Sent { get; } = new();

        [DisplayName("send_email")]
        [Description("Sends an email.")]
        public string SendEmail([Description("The address")] string to, [Description("The subject")] string subject)
        {
            Sent.Enqueue($"{to}: {subject}");
            return $"Sent to {to}.";
        }
    }
}
