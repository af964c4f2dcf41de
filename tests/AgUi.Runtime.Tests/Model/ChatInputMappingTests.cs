using System.Text.Json;
using System.Text.Json.Nodes;
using AgUi.Protocol.Input;
using AgUi.Protocol.Messages;
using static AgUi.Runtime.Tests.Model.ModelTestKit;
using AgUi.Testing;

namespace AgUi.Runtime.Tests.Model;

/// <summary>What the model receives for a run's input, read from the request the scripted model recorded.</summary>
public sealed class ChatInputMappingTests
{
    private const string PngBase64 = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==";

    private static async Task<JsonArray> SentMessagesAsync(Protocol.Input.RunAgentInput input, string? systemPrompt = null)
    {
        await using var model = await ScriptedModelServer.StartAsync();
        model.Enqueue(ScriptedResponse.Stream(Chunk.Text("ok"), Chunk.Finish("stop")));
        var run = await RunAsync(CreateAgent(OptionsFor(model, o => o.SystemPrompt = systemPrompt)), input);
        Assert.Null(run.Failure);
        return Assert.Single(model.Requests).Messages;
    }

    private static IEnumerable<string?> Roles(JsonArray messages) => messages.Select(m => (string?)m!["role"]);

    [Fact]
    public async Task The_system_prompt_and_context_come_first_then_system_and_developer_messages_keep_their_roles()
    {
        var input = Input(
            new SystemMessage { Id = "s1", Content = "Answer in French." },
            new DeveloperMessage { Id = "d1", Content = "Use short sentences." },
            User("Hello")) with
        {
            Context = [new Context { Description = "User name", Value = "Ada" }, new Context { Description = "Plan", Value = "pro" }],
        };

        var sent = await SentMessagesAsync(input, systemPrompt: "You are a helpful assistant.");

        Assert.Equal(["system", "system", "developer", "user"], Roles(sent));
        Assert.Equal("You are a helpful assistant.\n\nContext provided by the application:\n- User name: Ada\n- Plan: pro", (string?)sent[0]!["content"]);
        Assert.Equal("Answer in French.", (string?)sent[1]!["content"]);
        Assert.Equal("Use short sentences.", (string?)sent[2]!["content"]);
    }

    [Fact]
    public async Task Context_alone_makes_a_system_message_and_no_prompt_means_none()
    {
        var withContext = await SentMessagesAsync(Input(User("Hi")) with { Context = [new Context { Description = "Page", Value = "/pricing" }] });
        var without = await SentMessagesAsync(Input(User("Hi")));

        Assert.Equal("Context provided by the application:\n- Page: /pricing", (string?)withContext[0]!["content"]);
        Assert.Equal(["user"], Roles(without));
    }

    [Fact]
    public async Task Image_parts_go_to_the_model_and_other_parts_become_notes()
    {
        var user = new UserMessage
        {
            Id = "u1",
            Content = MessageContent.FromParts([
                new TextPart { Text = "What is in these?" },
                new ImagePart { Source = new UrlSource { Value = "https://example.com/cat.png" } },
                new ImagePart { Source = new DataSource { Value = PngBase64, MimeType = "image/png" } },
                new BinaryPart { MimeType = "image/jpeg", Url = "https://example.com/dog.jpg" },
                new AudioPart { Source = new DataSource { Value = "AAAA", MimeType = "audio/wav" } },
                new DocumentPart { Source = new UrlSource { Value = "https://example.com/report.pdf" } },
            ]),
        };

        var sent = await SentMessagesAsync(Input(user));

        var parts = Assert.Single(sent)!["content"]!.AsArray();
        Assert.Equal(["text", "image_url", "image_url", "image_url", "text", "text"], parts.Select(p => (string?)p!["type"]));
        Assert.Equal("What is in these?", (string?)parts[0]!["text"]);
        Assert.Equal("https://example.com/cat.png", (string?)parts[1]!["image_url"]!["url"]);
        Assert.Equal($"data:image/png;base64,{PngBase64}", (string?)parts[2]!["image_url"]!["url"]);
        Assert.Equal("https://example.com/dog.jpg", (string?)parts[3]!["image_url"]!["url"]);
        Assert.Contains("audio", (string?)parts[4]!["text"], StringComparison.Ordinal);
        Assert.Contains("document", (string?)parts[5]!["text"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Activity_and_reasoning_messages_are_left_out()
    {
        var input = Input(
            User("Plan my trip"),
            new ActivityMessage { Id = "a1", ActivityType = "progress", Content = JsonDocument.Parse("""{"step":1}""").RootElement },
            new ReasoningMessage { Id = "r1", Content = "The user wants a plan." },
            new AssistantMessage { Id = "m1", Content = "Where to?" },
            User("Rome"));

        var sent = await SentMessagesAsync(input);

        Assert.Equal(["user", "assistant", "user"], Roles(sent));
        Assert.Equal("Where to?", (string?)sent[1]!["content"]);
    }

    [Fact]
    public async Task A_history_the_chat_api_would_refuse_is_repaired()
    {
        // A client that sends only recent messages can start with a result whose call is gone, and a
        // call the user never answered leaves a tool call without a result.
        var input = Input(
            new ToolMessage { Id = "t0", ToolCallId = "call_gone", Content = "stale" },
            User("Weather?"),
            new AssistantMessage
            {
                Id = "m1",
                ToolCalls = [
                    new ToolCall { Id = "call_a", Function = new FunctionCall { Name = "show_weather", Arguments = "{\"city\":\"Rome\"}" } },
                    new ToolCall { Id = "call_b", Function = new FunctionCall { Name = "show_map", Arguments = "{}" } },
                ],
            },
            User("Never mind, thanks"),
            new ToolMessage { Id = "t1", ToolCallId = "call_a", Content = "Sunny", Error = "partial data" });

        var sent = await SentMessagesAsync(input);

        Assert.Equal(["user", "assistant", "tool", "tool", "user"], Roles(sent));
        Assert.Equal(("call_a", "Sunny\nError: partial data"), ((string?)sent[2]!["tool_call_id"], (string?)sent[2]!["content"]));
        Assert.Equal(("call_b", "No result: the tool call was not completed."), ((string?)sent[3]!["tool_call_id"], (string?)sent[3]!["content"]));
    }
}
