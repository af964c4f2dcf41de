using AgUi.Runtime.Tools;
using Microsoft.Extensions.Options;

namespace AgUi.Runtime.Model;

/// <summary>
/// Checks the model settings and the registered backend tools when the app starts, so a
/// misconfiguration stops the app with a message naming the setting (never its value) instead of
/// failing the first run.
/// </summary>
internal sealed class ModelOptionsValidator(IEnumerable<IBackendTool> backendTools) : IValidateOptions<ModelOptions>
{
    private const string Prefix = ModelOptions.SectionName + ":";

    public ValidateOptionsResult Validate(string? name, ModelOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>(BackendToolCatalog.FindProblems(backendTools));
        if (options.Provider != ModelProvider.Offline)
        {
            failures.AddRange(ValidateModel(options));
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static IEnumerable<string> ValidateModel(ModelOptions options)
    {
        var provider = $"{Prefix}Provider is {options.Provider}";
        switch (options.Provider)
        {
            case ModelProvider.AzureOpenAI:
                if (string.IsNullOrWhiteSpace(options.Endpoint))
                {
                    yield return $"{Prefix}Endpoint is required when {provider}: the resource URL, https://RESOURCE.openai.azure.com/.";
                }

                if (string.IsNullOrWhiteSpace(options.Deployment))
                {
                    yield return $"{Prefix}Deployment is required when {provider}: the name of the model deployment.";
                }

                if (string.IsNullOrWhiteSpace(options.ApiKey) && string.IsNullOrWhiteSpace(options.TokenScope))
                {
                    yield return $"{Prefix}TokenScope must not be empty when {provider} without {Prefix}ApiKey.";
                }

                if (string.IsNullOrWhiteSpace(options.ApiKey) && options.Endpoint?.StartsWith("http:", StringComparison.OrdinalIgnoreCase) == true)
                {
                    yield return $"{Prefix}Endpoint must be https when {provider} without {Prefix}ApiKey: Entra ID tokens are only sent over TLS.";
                }

                break;
            case ModelProvider.OpenAI:
                if (string.IsNullOrWhiteSpace(options.ApiKey))
                {
                    yield return $"{Prefix}ApiKey is required when {provider}.";
                }

                if (string.IsNullOrWhiteSpace(options.Model))
                {
                    yield return $"{Prefix}Model is required when {provider}: the model name, for example gpt-4o-mini.";
                }

                break;
            case ModelProvider.OpenAICompatible:
                if (string.IsNullOrWhiteSpace(options.Endpoint))
                {
                    yield return $"{Prefix}Endpoint is required when {provider}: the server's base URL, for example http://localhost:11434/v1.";
                }

                if (string.IsNullOrWhiteSpace(options.Model))
                {
                    yield return $"{Prefix}Model is required when {provider}: the model name the server knows.";
                }

                break;
            default:
                yield return $"{Prefix}Provider must be Offline, AzureOpenAI, OpenAI or OpenAICompatible.";
                break;
        }

        if (!string.IsNullOrWhiteSpace(options.Endpoint) &&
            !(Uri.TryCreate(options.Endpoint, UriKind.Absolute, out var endpoint) && endpoint.Scheme is "https" or "http"))
        {
            yield return $"{Prefix}Endpoint must be an absolute http or https URL.";
        }

        if (options.RequestTimeout <= TimeSpan.Zero)
        {
            yield return $"{Prefix}RequestTimeout must be positive, for example 00:01:40.";
        }

        if (options.MaxRetries is < 0 or > 10)
        {
            yield return $"{Prefix}MaxRetries must be between 0 and 10.";
        }

        if (options.MaxTurns < 1)
        {
            yield return $"{Prefix}MaxTurns must be at least 1.";
        }

        if (options.Temperature is < 0 or > 2)
        {
            yield return $"{Prefix}Temperature must be between 0 and 2.";
        }

        if (options.MaxOutputTokens is < 1)
        {
            yield return $"{Prefix}MaxOutputTokens must be at least 1.";
        }
    }
}
