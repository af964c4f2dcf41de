using System.ClientModel;
using System.ClientModel.Primitives;
using AgUi.Runtime.Hosting;
using Azure.Core;
using Azure.Identity;
using OpenAI;
using OpenAI.Chat;

namespace AgUi.Runtime.Model;

/// <summary>Builds the OpenAI <see cref="ChatClient"/> the settings describe.</summary>
/// <remarks>
/// In Azure the model's <see cref="DefaultAzureCredential"/> must use the app's user-assigned identity,
/// which it finds through <c>AZURE_CLIENT_ID</c>.
/// </remarks>
[AzureSetting("AZURE_CLIENT_ID")]
internal static class ModelClientFactory
{
    private const string AzureV1Path = "openai/v1/";

    /// <param name="azureCredential">The Entra ID credential for Azure without a key; <see cref="DefaultAzureCredential"/> when null.</param>
    /// <param name="transport">The HTTP transport; the SDK's default when null.</param>
    public static ChatClient Create(ModelOptions options, TokenCredential? azureCredential = null, PipelineTransport? transport = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        var clientOptions = new OpenAIClientOptions
        {
            NetworkTimeout = options.RequestTimeout,
            RetryPolicy = new ClientRetryPolicy(options.MaxRetries),
            UserAgentApplicationId = "AgUiFunctions",
        };
        if (transport is not null)
        {
            clientOptions.Transport = transport;
        }

        if (ResolveEndpoint(options) is { } endpoint)
        {
            clientOptions.Endpoint = endpoint;
        }

        var model = options.ModelName ?? throw new InvalidOperationException($"{ModelOptions.SectionName} names no model.");
        if (!string.IsNullOrWhiteSpace(options.ApiKey))
        {
            return new ChatClient(model, new ApiKeyCredential(options.ApiKey), clientOptions);
        }

        AuthenticationPolicy authentication = options.Provider == ModelProvider.AzureOpenAI
            ? new BearerTokenPolicy(azureCredential ?? new DefaultAzureCredential(), options.TokenScope)
            : new NoAuthenticationPolicy();
#pragma warning disable OPENAI001 // Policy-based authentication (Entra ID tokens) is marked experimental in OpenAI 2.x.
        return new ChatClient(model, authentication, clientOptions);
#pragma warning restore OPENAI001
    }

    /// <summary>
    /// The endpoint requests go to; null means OpenAI's own. An Azure resource URL given without a
    /// path gets the v1 path, since that is the only API version this agent speaks.
    /// </summary>
    public static Uri? ResolveEndpoint(ModelOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (string.IsNullOrWhiteSpace(options.Endpoint))
        {
            return null;
        }

        var endpoint = new Uri(options.Endpoint, UriKind.Absolute);
        return options.Provider == ModelProvider.AzureOpenAI && endpoint.AbsolutePath == "/"
            ? new Uri(endpoint, AzureV1Path)
            : endpoint;
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
