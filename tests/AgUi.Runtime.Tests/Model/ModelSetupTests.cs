using System.ClientModel.Primitives;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using AgUi.Testing;
using Azure.Core;
using AgUi.Runtime.Agents;
using AgUi.Runtime.Hosting;
using AgUi.Runtime.Model;
using AgUi.Runtime.Threads;
using AgUi.Runtime.Tools;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OpenAI.Chat;
using static AgUi.Runtime.Tests.Model.ModelTestKit;

namespace AgUi.Runtime.Tests.Model;

/// <summary>Settings, start-time checks, authentication and the AddAgUi registration of the model agent.</summary>
public sealed class ModelSetupTests
{
    private const string SecretKey = "sk-never-show-me";

    private static ServiceProvider BuildServices(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection().AddLogging();
        services.AddAgUi(configuration);
        return services.BuildServiceProvider();
    }

    private static ValidateOptionsResult Validate(ModelOptions options, params IBackendTool[] tools) =>
        new ModelOptionsValidator(tools).Validate(null, options);

    [Fact]
    public void Without_a_provider_AddAgUi_keeps_the_offline_agent_and_registers_get_current_time()
    {
        using var services = BuildServices([]);

        Assert.IsType<OfflineAgent>(Assert.IsType<ThreadPersistingAgent>(services.GetRequiredService<IAgent>()).Inner);
        Assert.Equal([CurrentTimeTool.ToolName, UpdateStateTool.ToolName], services.GetServices<IBackendTool>().Select(t => t.Name));
        Assert.Same(TimeProvider.System, services.GetRequiredService<TimeProvider>());
    }

    [Fact]
    public void A_configured_provider_makes_the_model_agent_the_agent()
    {
        using var services = BuildServices(new()
        {
            ["AgUi:Model:Provider"] = "OpenAICompatible",
            ["AgUi:Model:Endpoint"] = "http://127.0.0.1:11434/v1",
            ["AgUi:Model:Model"] = "llama3.2",
            ["AgUi:Model:RequestTimeout"] = "00:00:30",
            ["AgUi:Model:MaxTurns"] = "3",
        });

        Assert.IsType<ChatModelAgent>(Assert.IsType<ThreadPersistingAgent>(services.GetRequiredService<IAgent>()).Inner);
        var options = services.GetRequiredService<IOptions<ModelOptions>>().Value;
        Assert.Equal((TimeSpan.FromSeconds(30), 3, 2), (options.RequestTimeout, options.MaxTurns, options.MaxRetries));
    }

    [Fact]
    public void An_unknown_provider_is_refused_naming_the_setting()
    {
        var error = Assert.Throws<InvalidOperationException>(() => BuildServices(new() { ["AgUi:Model:Provider"] = "Gemini" }));

        Assert.Contains("AgUi:Model:Provider", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_app_refuses_to_start_when_a_required_model_setting_is_missing()
    {
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => StartAppAsync(new()
        {
            ["AgUi:Model:Provider"] = "AzureOpenAI",
            ["AgUi:Model:Endpoint"] = "https://example.openai.azure.com/",
            ["AgUi:Model:ApiKey"] = SecretKey,
        }));

        Assert.Contains("AgUi:Model:Deployment is required", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(SecretKey, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Azure_without_a_key_refuses_to_start_on_a_plain_http_endpoint()
    {
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => StartAppAsync(new()
        {
            ["AgUi:Model:Provider"] = "AzureOpenAI",
            ["AgUi:Model:Endpoint"] = "http://example.openai.azure.com/",
            ["AgUi:Model:Deployment"] = "d",
        }));

        Assert.Equal(["AgUi:Model:Endpoint must be https when AgUi:Model:Provider is AzureOpenAI without AgUi:Model:ApiKey: Entra ID tokens are only sent over TLS."],
            error.Failures);
    }

    /// <summary>Builds and starts the app the way a host does (AddAgUi, options validated on start).</summary>
    private static async Task StartAppAsync(Dictionary<string, string?> settings, Action<IServiceCollection>? configure = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k => k.Listen(System.Net.IPAddress.Loopback, 0));
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Services.AddAgUi(builder.Configuration);
        configure?.Invoke(builder.Services);
        await using var app = builder.Build();
        await app.StartAsync();
        await app.StopAsync();
    }

    [Theory]
    [InlineData(ModelProvider.AzureOpenAI, null, "d", null, "AgUi:Model:Endpoint is required")]
    [InlineData(ModelProvider.AzureOpenAI, "https://x.openai.azure.com/", null, null, "AgUi:Model:Deployment is required")]
    [InlineData(ModelProvider.OpenAI, null, null, SecretKey, "AgUi:Model:Model is required")]
    [InlineData(ModelProvider.OpenAI, null, null, null, "AgUi:Model:ApiKey is required")]
    [InlineData(ModelProvider.OpenAICompatible, null, null, null, "AgUi:Model:Endpoint is required")]
    [InlineData(ModelProvider.OpenAICompatible, "localhost:11434", null, null, "AgUi:Model:Endpoint must be an absolute http or https URL")]
    public void Each_provider_names_the_setting_it_misses(ModelProvider provider, string? endpoint, string? deployment, string? apiKey, string expected)
    {
        var result = Validate(new ModelOptions { Provider = provider, Endpoint = endpoint, Deployment = deployment, ApiKey = apiKey });

        Assert.True(result.Failed);
        Assert.Contains(result.Failures!, f => f.Contains(expected, StringComparison.Ordinal));
        Assert.DoesNotContain(result.Failures!, f => f.Contains(SecretKey, StringComparison.Ordinal));
    }

    [Fact]
    public void Limits_out_of_range_are_refused_and_complete_settings_pass()
    {
        var complete = new ModelOptions { Provider = ModelProvider.OpenAI, ApiKey = SecretKey, Model = "gpt-4o-mini" };
        var broken = new ModelOptions
        {
            Provider = ModelProvider.OpenAI, ApiKey = SecretKey, Model = "gpt-4o-mini",
            RequestTimeout = TimeSpan.Zero, MaxRetries = -1, MaxTurns = 0, Temperature = 3, MaxOutputTokens = 0,
        };

        Assert.True(Validate(complete).Succeeded);
        Assert.True(Validate(new ModelOptions()).Succeeded);
        var failures = Validate(broken).Failures!;
        Assert.Equal(5, failures.Count());
        Assert.All(["RequestTimeout", "MaxRetries", "MaxTurns", "Temperature", "MaxOutputTokens"],
            setting => Assert.Contains(failures, f => f.Contains($"AgUi:Model:{setting}", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Two_backend_tools_with_one_name_stop_the_app_naming_both()
    {
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => StartAppAsync(new(), services => services.AddSingleton<IBackendTool, ImpostorClockTool>()));

        var failure = Assert.Single(error.Failures);
        Assert.Contains($"'{CurrentTimeTool.ToolName}'", failure, StringComparison.Ordinal);
        Assert.Contains(typeof(CurrentTimeTool).FullName!, failure, StringComparison.Ordinal);
        Assert.Contains(typeof(ImpostorClockTool).FullName!, failure, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Azure_without_a_key_sends_an_Entra_ID_token_for_the_configured_scope_to_the_deployment()
    {
        using var certificate = CreateLoopbackCertificate();
        await using var model = await ScriptedModelServer.StartAsync(certificate);
        model.Enqueue(ScriptedResponse.Stream(Chunk.Text("hi"), Chunk.Finish("stop")));
        var credential = new RecordingCredential("entra-token");
        var options = new ModelOptions
        {
            Provider = ModelProvider.AzureOpenAI,
            Endpoint = new Uri(model.BaseUrl, "/").ToString(),
            Deployment = "gpt-4o-mini-prod",
            TokenScope = "https://cognitiveservices.azure.us/.default",
            MaxRetries = 0,
        };
        using var handler = new SocketsHttpHandler();
        handler.SslOptions.RemoteCertificateValidationCallback = (_, presented, _, _) => presented?.GetCertHashString() == certificate.GetCertHashString();
        using var http = new HttpClient(handler);

        await CompleteAsync(ModelClientFactory.Create(options, credential, new HttpClientPipelineTransport(http)));

        var request = Assert.Single(model.Requests);
        Assert.Equal("Bearer entra-token", request.Authorization);
        Assert.Equal(string.Empty, request.ApiKey);
        Assert.Equal("/openai/deployments/gpt-4o-mini-prod/chat/completions", request.Path);
        Assert.Matches("^\\?api-version=[0-9]{4}-[0-9]{2}-[0-9]{2}(-preview)?$", request.Query);
        Assert.Equal(["https://cognitiveservices.azure.us/.default"], credential.Scopes);
    }

    private static X509Certificate2 CreateLoopbackCertificate()
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=127.0.0.1", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(System.Net.IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddHours(1));
        return X509CertificateLoader.LoadPkcs12(certificate.Export(X509ContentType.Pfx), null);
    }

    [Theory]
    [InlineData("")]
    [InlineData("openai/v1/")]
    public async Task Azure_with_a_key_sends_it_as_api_key_to_the_deployment_for_either_endpoint_form(string path)
    {
        await using var model = await ScriptedModelServer.StartAsync();
        model.Enqueue(ScriptedResponse.Stream(Chunk.Text("hi"), Chunk.Finish("stop")));
        var azure = new ModelOptions { Provider = ModelProvider.AzureOpenAI, Endpoint = new Uri(model.BaseUrl, "/" + path).ToString(), Deployment = "prod", ApiKey = SecretKey };

        await CompleteAsync(ModelClientFactory.Create(azure, new RecordingCredential("unused")));

        var request = Assert.Single(model.Requests);
        Assert.Equal("/openai/deployments/prod/chat/completions", request.Path);
        Assert.StartsWith("?api-version=", request.Query, StringComparison.Ordinal);
        Assert.Equal(SecretKey, request.ApiKey);
        Assert.Equal(string.Empty, request.Authorization);
    }

    [Fact]
    public async Task A_compatible_server_without_a_key_gets_no_authorization_on_the_OpenAI_client()
    {
        await using var model = await ScriptedModelServer.StartAsync();
        model.Enqueue(ScriptedResponse.Stream(Chunk.Text("hi"), Chunk.Finish("stop")));

        await CompleteAsync(ModelClientFactory.Create(OptionsFor(model)));

        var request = Assert.Single(model.Requests);
        Assert.Equal((string.Empty, string.Empty), (request.Authorization, request.ApiKey));
        Assert.Equal("/v1/chat/completions", request.Path);
        Assert.Equal("test-model", (string?)request.Body["model"]);
    }

    private static async Task CompleteAsync(ChatClient client)
    {
        await foreach (var update in client.CompleteChatStreamingAsync([ChatMessage.CreateUserMessage("hi")]))
        {
            Assert.NotNull(update);
        }
    }

    /// <summary>A credential that hands out a fixed token and records the scopes asked for.</summary>
    private sealed class RecordingCredential(string token) : TokenCredential
    {
        public List<string> Scopes { get; } = [];

        public override AccessToken GetToken(TokenRequestContext requestContext, CancellationToken cancellationToken)
        {
            Scopes.AddRange(requestContext.Scopes);
            return new AccessToken(token, DateTimeOffset.UtcNow.AddHours(1));
        }

        public override ValueTask<AccessToken> GetTokenAsync(TokenRequestContext requestContext, CancellationToken cancellationToken) =>
            ValueTask.FromResult(GetToken(requestContext, cancellationToken));
    }

    /// <summary>A second tool that claims get_current_time's name.</summary>
    private sealed class ImpostorClockTool : IBackendTool
    {
        public string Name => CurrentTimeTool.ToolName;

        public string Description => "Claims the clock's name.";

        public System.Text.Json.JsonElement ParametersSchema { get; } = System.Text.Json.JsonDocument.Parse("""{"type":"object"}""").RootElement;

        public ValueTask<ToolResult> InvokeAsync(System.Text.Json.JsonElement arguments, ToolInvocationContext context, CancellationToken cancellationToken) =>
            ValueTask.FromResult(ToolResult.Success("never called"));
    }
}
