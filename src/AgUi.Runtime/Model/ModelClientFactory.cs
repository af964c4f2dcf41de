using System.ClientModel;
using System.ClientModel.Primitives;
using AgUi.Runtime.Hosting;
using Azure.AI.OpenAI;
using Azure.Core;
using Azure.Identity;
using OpenAI;
using OpenAI.Chat;

namespace AgUi.Runtime.Model;

/// <summary>
/// Builds the <see cref="ChatClient"/> the settings describe: Azure OpenAI through Azure.AI.OpenAI's
/// <see cref="AzureOpenAIClient"/> (deployments path, <c>api-version</c>, <c>api-key</c> header or an Entra
/// ID token), OpenAI and compatible servers through the OpenAI package.
/// </summary>
/// <remarks>
/// In Azure the model's <see cref="DefaultAzureCredential"/> must use the app's user-assigned identity,
/// which it finds through <c>AZURE_CLIENT_ID</c>.
/// </remarks>
[AzureSetting("AZURE_CLIENT_ID")]
internal static class ModelClientFactory
{
    /// <summary>The path today's settings and Bicep still give (the v1 API); the Azure client wants the resource URL.</summary>
    private const string AzureV1Path = "openai/v1";

    private const string UserAgentApplicationId = "AgUiFunctions";

    /// <param name="azureCredential">The Entra ID credential for Azure without a key; <see cref="DefaultAzureCredential"/> (which reads <c>AZURE_CLIENT_ID</c>) when null.</param>
    /// <param name="transport">The HTTP transport; the SDK's default when null.</param>
    public static ChatClient Create(ModelOptions options, TokenCredential? azureCredential = null, PipelineTransport? transport = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        return options.Provider == ModelProvider.AzureOpenAI
            ? CreateAzure(options, azureCredential, transport)
            : CreateOpenAI(options, transport);
    }

    /// <summary>
    /// The endpoint requests go to; null means OpenAI's own. For Azure it is the resource URL: a
    /// configured <c>…/openai/v1/</c> loses that path, since the client adds <c>/openai/deployments/…</c> itself.
    /// </summary>
    public static Uri? ResolveEndpoint(ModelOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (string.IsNullOrWhiteSpace(options.Endpoint))
        {
            return null;
        }

        var endpoint = new Uri(options.Endpoint, UriKind.Absolute);
        if (options.Provider != ModelProvider.AzureOpenAI)
        {
            return endpoint;
        }

        var path = endpoint.AbsolutePath.TrimEnd('/');
        if (path.EndsWith(AzureV1Path, StringComparison.OrdinalIgnoreCase))
        {
            path = path[..^AzureV1Path.Length];
        }

        return new UriBuilder(endpoint) { Path = path.TrimEnd('/') + "/", Query = string.Empty }.Uri;
    }

    private static ChatClient CreateAzure(ModelOptions options, TokenCredential? azureCredential, PipelineTransport? transport)
    {
        var clientOptions = new AzureOpenAIClientOptions { UserAgentApplicationId = UserAgentApplicationId };
        Configure(clientOptions, options, transport);
        var endpoint = ResolveEndpoint(options) ?? throw new InvalidOperationException($"{ModelOptions.SectionName}:Endpoint is not set.");
        var deployment = options.Deployment ?? throw new InvalidOperationException($"{ModelOptions.SectionName}:Deployment is not set.");
        if (!string.IsNullOrWhiteSpace(options.ApiKey))
        {
            return new AzureOpenAIClient(endpoint, new ApiKeyCredential(options.ApiKey), clientOptions).GetChatClient(deployment);
        }

        // The client asks Entra ID for its audience as the token scope.
        clientOptions.Audience = new AzureOpenAIAudience(options.TokenScope);
        return new AzureOpenAIClient(endpoint, azureCredential ?? new DefaultAzureCredential(), clientOptions).GetChatClient(deployment);
    }

    private static ChatClient CreateOpenAI(ModelOptions options, PipelineTransport? transport)
    {
        var clientOptions = new OpenAIClientOptions { UserAgentApplicationId = UserAgentApplicationId };
        Configure(clientOptions, options, transport);
        if (ResolveEndpoint(options) is { } endpoint)
        {
            clientOptions.Endpoint = endpoint;
        }

        var model = options.Model ?? throw new InvalidOperationException($"{ModelOptions.SectionName}:Model is not set.");
        if (!string.IsNullOrWhiteSpace(options.ApiKey))
        {
            return new ChatClient(model, new ApiKeyCredential(options.ApiKey), clientOptions);
        }

#pragma warning disable OPENAI001 // Policy-based authentication is marked experimental in OpenAI 2.x.
        return new ChatClient(model, new NoAuthenticationPolicy(), clientOptions);
#pragma warning restore OPENAI001
    }

    private static void Configure(ClientPipelineOptions clientOptions, ModelOptions options, PipelineTransport? transport)
    {
        clientOptions.NetworkTimeout = options.RequestTimeout;
        clientOptions.RetryPolicy = new ClientRetryPolicy(options.MaxRetries);
        if (transport is not null)
        {
            clientOptions.Transport = transport;
        }
    }

    /// <summary>A server that takes no key (a local Ollama) gets no Authorization header at all.</summary>
    private sealed class NoAuthenticationPolicy : AuthenticationPolicy
    {
        public override void Process(PipelineMessage message, IReadOnlyList<PipelinePolicy> pipeline, int currentIndex) =>
            ProcessNext(message, pipeline, currentIndex);

        public override ValueTask ProcessAsync(PipelineMessage message, IReadOnlyList<PipelinePolicy> pipeline, int currentIndex) =>
            ProcessNextAsync(message, pipeline, currentIndex);
    }
}
