using System.Text.Json.Nodes;
using AgUi.Protocol.Events;
using AgUi.Runtime.Agents;
using AgUi.Testing;

namespace AgUi.Runtime.Tests.Model;

/// <summary>
/// The AzureOpenAI provider in the standalone server: Azure.AI.OpenAI's client against the scripted
/// model on the deployments path, configured with today's <c>…/openai/v1/</c> endpoint form.
/// </summary>
public sealed class AzureOpenAIProviderTests : IAsyncLifetime
{
    private const string SecretKey = "azure-key-never-logged";
    private const string Deployment = "chat-prod";
    private const string Prompt = "private words the log must never hold";

    private ScriptedModelServer model = null!;
    private AgUiTestHost host = null!;

    public async Task InitializeAsync()
    {
        model = await ScriptedModelServer.StartAsync();
        host = await AgUiTestHost.StartAsync(o =>
        {
            o.Settings["AgUi:Model:Provider"] = "AzureOpenAI";
            o.Settings["AgUi:Model:Endpoint"] = new Uri(model.BaseUrl, "/openai/v1/").ToString();
            o.Settings["AgUi:Model:Deployment"] = Deployment;
            o.Settings["AgUi:Model:ApiKey"] = SecretKey;
            o.Settings["AgUi:Model:MaxRetries"] = "0";
        });
    }

    public async Task DisposeAsync()
    {
        await host.DisposeAsync();
        await model.DisposeAsync();
    }

    [Fact]
    public async Task A_run_streams_from_the_deployment_with_the_key_in_the_api_key_header()
    {
        model.Enqueue(ScriptedResponse.Stream(Chunk.Text("Hello "), Chunk.Text("from Azure"), Chunk.Finish("stop"), Chunk.Usage(5, 3)));

        var stream = await host.RunAsync(RunRequests.UserSays("Hi"));

        Assert.Equal(["RUN_STARTED", "TEXT_MESSAGE_START", "TEXT_MESSAGE_CONTENT", "TEXT_MESSAGE_CONTENT", "TEXT_MESSAGE_END", "RUN_FINISHED"],
            stream.Events.Select(e => e.Type));
        Assert.Equal(8, stream.Data[^1].GetProperty("usage")[0].GetProperty("totalTokens").GetInt32());
        var request = Assert.Single(model.Requests);
        Assert.Equal($"/openai/deployments/{Deployment}/chat/completions", request.Path);
        Assert.StartsWith("?api-version=", request.Query, StringComparison.Ordinal);
        Assert.Equal((SecretKey, string.Empty), (request.ApiKey, request.Authorization));
        var line = Assert.Single(host.Logs.Entries, e => e.Message.StartsWith("Agent 'default': model agent:", StringComparison.Ordinal));
        Assert.Contains($"endpoint {new Uri(model.BaseUrl, "/")}, model {Deployment}", line.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(host.Logs.Entries, e => e.AllText().Contains(SecretKey, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_filtered_prompt_ends_with_MODEL_CONTENT_FILTERED_naming_the_category_and_never_logs_the_prompt()
    {
        // The body echoes the prompt, as a provider's error may: none of it may reach the log.
        model.Enqueue(ScriptedResponse.Error(400, """
            {"error":{"message":"The prompt '@prompt' was filtered.","code":"content_filter","status":400,
             "innererror":{"code":"ResponsibleAIPolicyViolation","content_filter_result":{
               "hate":{"filtered":true,"severity":"high"},"jailbreak":{"filtered":false,"detected":false},
               "sexual":{"filtered":false,"severity":"safe"},"violence":{"filtered":false,"severity":"low"}}}}}
            """.Replace("@prompt", Prompt, StringComparison.Ordinal)));

        var stream = await host.RunAsync(RunRequests.UserSays(Prompt));

        var error = Assert.IsType<RunErrorEvent>(stream.Events[^1]);
        Assert.Equal(RunErrorCodes.ModelContentFiltered, error.Code);
        Assert.Equal("The model provider's content filter blocked the request (category: hate (high)).", error.Message);
        Assert.Contains(host.Logs.Entries, e => e.AllText().Contains("hate (high)", StringComparison.Ordinal));
        Assert.DoesNotContain(host.Logs.Entries, e => e.AllText().Contains(Prompt, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_filtered_answer_closes_its_message_and_names_the_category()
    {
        var filtered = Chunk.Finish("content_filter");
        filtered["choices"]![0]!["content_filter_results"] = JsonNode.Parse(
            """{"violence":{"filtered":true,"severity":"medium"},"hate":{"filtered":false,"severity":"safe"}}""");
        model.Enqueue(ScriptedResponse.Stream(Chunk.Text("Here is how"), filtered));

        var stream = await host.RunAsync(RunRequests.UserSays(Prompt));

        Assert.Equal(["RUN_STARTED", "TEXT_MESSAGE_START", "TEXT_MESSAGE_CONTENT", "TEXT_MESSAGE_END", "RUN_ERROR"], stream.Events.Select(e => e.Type));
        var error = (RunErrorEvent)stream.Events[^1];
        Assert.Equal(RunErrorCodes.ModelContentFiltered, error.Code);
        Assert.Equal("The model provider's content filter blocked its answer (category: violence (medium)).", error.Message);
        Assert.Contains(host.Logs.Entries, e => e.AllText().Contains("violence (medium)", StringComparison.Ordinal));
        Assert.DoesNotContain(host.Logs.Entries, e => e.AllText().Contains(Prompt, StringComparison.Ordinal));
    }
}
