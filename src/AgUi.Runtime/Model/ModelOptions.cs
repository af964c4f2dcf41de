using AgUi.Runtime.Hosting;

namespace AgUi.Runtime.Model;

/// <summary>Which kind of model endpoint the agent talks to.</summary>
public enum ModelProvider
{
    /// <summary>No model: the built-in offline agent answers.</summary>
    Offline,

    /// <summary>Azure OpenAI through Azure.AI.OpenAI (the deployments API), with an API key or Microsoft Entra ID.</summary>
    AzureOpenAI,

    /// <summary>OpenAI itself.</summary>
    OpenAI,

    /// <summary>Any server that speaks the OpenAI chat completions API (Ollama, vLLM, LM Studio).</summary>
    OpenAICompatible,
}

/// <summary>The model settings, bound from <c>AgUi:Model</c>.</summary>
public sealed class ModelOptions
{
    public const string SectionName = "AgUi:Model";

    public const string DefaultTokenScope = "https://cognitiveservices.azure.com/.default";

    [AzureSetting]
    public ModelProvider Provider { get; set; } = ModelProvider.Offline;

    /// <summary>
    /// The base URL: Azure's resource URL <c>https://RESOURCE.openai.azure.com/</c> (a URL ending in
    /// <c>/openai/v1/</c> is accepted and that path dropped), or a compatible server's <c>/v1</c> URL.
    /// </summary>
    [AzureSetting]
    public string? Endpoint { get; set; }

    /// <summary>The Azure OpenAI deployment name.</summary>
    [AzureSetting]
    public string? Deployment { get; set; }

    /// <summary>The model name (OpenAI and compatible servers).</summary>
    public string? Model { get; set; }

    /// <summary>Optional for Azure (without it, Microsoft Entra ID through <c>DefaultAzureCredential</c>) and compatible servers.</summary>
    public string? ApiKey { get; set; }

    public string TokenScope { get; set; } = DefaultTokenScope;

    public string? SystemPrompt { get; set; }

    public float? Temperature { get; set; }

    public int? MaxOutputTokens { get; set; }

    /// <summary>How long one model request may wait for the response to start, or for the next piece of the stream.</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(100);

    /// <summary>Retries of a failed model request (429, 408, 5xx, network errors), honouring <c>Retry-After</c>.</summary>
    public int MaxRetries { get; set; } = 2;

    /// <summary>Model calls allowed in one run; a run whose model still wants backend tools after that ends with MAX_TURNS_EXCEEDED.</summary>
    public int MaxTurns { get; set; } = 8;

    /// <summary>The deployment (Azure) or model name the requests use.</summary>
    public string? ModelName => Provider == ModelProvider.AzureOpenAI ? Deployment : Model;
}
