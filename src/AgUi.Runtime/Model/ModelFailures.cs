using System.ClientModel;
using System.ClientModel.Primitives;
using System.Text.Json;
using AgUi.Runtime.Agents;
using Azure.Identity;
using OpenAI.Chat;

namespace AgUi.Runtime.Model;

/// <summary>
/// Maps what the OpenAI client throws (after its own retries) to a RUN_ERROR code and a message that
/// is safe to show: it names the status and the setting to check, never a key or the provider's
/// response body, which can echo the prompt.
/// </summary>
internal static class ModelFailures
{
    /// <summary>
    /// The failure to report, or null when <paramref name="exception"/> is not a model failure (the
    /// client disconnected, or a bug that should surface as AGENT_ERROR).
    /// </summary>
    /// <param name="streamStarted">Whether the model's stream had already produced output.</param>
    public static AgentRunException? Classify(Exception exception, bool streamStarted, CancellationToken cancellationToken)
    {
        if (cancellationToken.IsCancellationRequested)
        {
            return null;
        }

        var failure = Unwrap(exception);
        return failure switch
        {
            AuthenticationFailedException => Create(RunErrorCodes.ModelAuthenticationFailed,
                "No Microsoft Entra ID token could be obtained for the model endpoint. Check the managed identity (AZURE_CLIENT_ID) " +
                "or your local sign-in, and that it has the role Cognitive Services OpenAI User.", exception),
            ClientResultException { Status: 401 or 403 } e => Create(RunErrorCodes.ModelAuthenticationFailed,
                $"The model endpoint refused the credentials (HTTP {e.Status}). Check AgUi:Model:ApiKey, or the identity's role assignment.", exception),
            ClientResultException { Status: 429 } => Create(RunErrorCodes.ModelRateLimited,
                "The model endpoint is rate limiting requests (HTTP 429) and still was after the retries. Try again shortly.", exception),
            ClientResultException { Status: 400 } e when IsContentFilter(e, out var categories) => PromptFiltered(categories),
            ClientResultException { Status: 408 } => Timeout(exception),
            ClientResultException { Status: >= 500 } e => Create(RunErrorCodes.ModelServerError,
                $"The model endpoint failed (HTTP {e.Status}). Try again shortly.", exception),
            ClientResultException { Status: >= 400 } e => Create(RunErrorCodes.ModelBadRequest,
                $"The model endpoint refused the request (HTTP {e.Status}). Check AgUi:Model:Endpoint and the model or deployment name; the server log has the details.", exception),
            OperationCanceledException => Timeout(exception),
            JsonException or FormatException => Create(RunErrorCodes.ModelStreamBroken,
                "The model sent a response this agent could not read.", exception),
            IOException => StreamBroken(exception),
            HttpRequestException or ClientResultException when streamStarted => StreamBroken(exception),
            HttpRequestException or ClientResultException => Create(RunErrorCodes.ModelServerError,
                "The model endpoint could not be reached. Check AgUi:Model:Endpoint.", exception),
            _ => null,
        };
    }

    /// <summary>The answer was cut by the content filter (<c>finish_reason: content_filter</c>); <paramref name="update"/> carried that reason.</summary>
    public static AgentRunException AnswerFiltered(StreamingChatCompletionUpdate? update)
    {
        if (update is null)
        {
            return Filtered("its answer", null);
        }

        using var json = JsonDocument.Parse(ModelReaderWriter.Write(update));
        return Filtered("its answer", ReadCategories(json.RootElement, "choices", "content_filter_results"));
    }

    /// <summary>
    /// Carries no inner exception: the provider's response stays out of the log, and the message names
    /// only the filter's categories, which is all the log needs.
    /// </summary>
    private static AgentRunException PromptFiltered(string? categories) => Filtered("the request", categories);

    private static AgentRunException Filtered(string what, string? categories) => Create(RunErrorCodes.ModelContentFiltered,
        categories is null
            ? $"The model provider's content filter blocked {what}."
            : $"The model provider's content filter blocked {what} (category: {categories}).",
        null);

    private static AgentRunException StreamBroken(Exception exception) => Create(RunErrorCodes.ModelStreamBroken,
        "The model's response stream broke off before it finished.", exception);

    private static AgentRunException Timeout(Exception exception) => Create(RunErrorCodes.ModelTimeout,
        "The model did not answer in time (AgUi:Model:RequestTimeout).", exception);

    private static AgentRunException Create(string code, string message, Exception? exception) => new(code, message, exception);

    /// <summary>After several failed tries the retry policy throws them all together; the last one says how it ended.</summary>
    private static Exception Unwrap(Exception exception) =>
        exception is AggregateException { InnerExceptions.Count: > 0 } aggregate ? Unwrap(aggregate.InnerExceptions[^1]) : exception;

    /// <summary>
    /// Azure OpenAI answers a filtered prompt with HTTP 400, the error code <c>content_filter</c>, and the
    /// categories under <c>error.innererror.content_filter_result</c>.
    /// </summary>
    private static bool IsContentFilter(ClientResultException exception, out string? categories)
    {
        categories = null;
        if (exception.GetRawResponse()?.Content is not { } content)
        {
            return false;
        }

        try
        {
            using var body = JsonDocument.Parse(content);
            if (!(body.RootElement.ValueKind == JsonValueKind.Object &&
                body.RootElement.TryGetProperty("error", out var error) && error.ValueKind == JsonValueKind.Object &&
                error.TryGetProperty("code", out var code) && code.ValueKind == JsonValueKind.String &&
                code.GetString() == "content_filter"))
            {
                return false;
            }

            categories = ReadCategories(error, "innererror", "content_filter_result");
            return true;
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException)
        {
            return false;
        }
    }

    /// <summary>
    /// The filtered categories, with their severity, of the content filter result at <paramref name="path"/>
    /// below <paramref name="root"/> (an array on the way is searched item by item), such as
    /// <c>hate (high), violence (medium)</c>; null when none is found.
    /// </summary>
    private static string? ReadCategories(JsonElement root, params string[] path)
    {
        var filtered = new List<string>();
        Collect(root, path, filtered);
        return filtered.Count == 0 ? null : string.Join(", ", filtered.Distinct(StringComparer.Ordinal));
    }

    private static void Collect(JsonElement element, ReadOnlySpan<string> path, List<string> filtered)
    {
        if (element.ValueKind == JsonValueKind.Array)
        {
            foreach (var item in element.EnumerateArray())
            {
                Collect(item, path, filtered);
            }

            return;
        }

        if (element.ValueKind != JsonValueKind.Object)
        {
            return;
        }

        if (path.Length > 0)
        {
            if (element.TryGetProperty(path[0], out var next))
            {
                Collect(next, path[1..], filtered);
            }

            return;
        }

        foreach (var category in element.EnumerateObject())
        {
            if (category.Value.ValueKind == JsonValueKind.Object &&
                category.Value.TryGetProperty("filtered", out var isFiltered) && isFiltered.ValueKind == JsonValueKind.True)
            {
                filtered.Add(category.Value.TryGetProperty("severity", out var severity) && severity.ValueKind == JsonValueKind.String
                    ? $"{category.Name} ({severity.GetString()})"
                    : category.Name);
            }
        }
    }
}
