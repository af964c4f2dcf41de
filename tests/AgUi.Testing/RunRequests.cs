using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using AgUi.Protocol.Input;
using AgUi.Protocol.Json;
using AgUi.Protocol.Messages;
using AgUi.Runtime.Hosting;

namespace AgUi.Testing;

/// <summary>Run requests shaped the way <c>@ag-ui/client</c>'s HttpAgent sends them.</summary>
public static class RunRequests
{
    /// <summary>A one-message conversation: the user says <paramref name="text"/>.</summary>
    public static RunAgentInput UserSays(string text, string threadId = "thread-1", string runId = "run-1") => new()
    {
        ThreadId = threadId,
        RunId = runId,
        Messages = [new UserMessage { Id = "msg-user-1", Content = text }],
    };

    public static string ToJson(RunAgentInput input) => JsonSerializer.Serialize(input, AgUiJsonContext.Default.RunAgentInput);

    /// <summary><c>POST /api/agent</c> with <c>Accept: text/event-stream</c> and a JSON body.</summary>
    public static HttpRequestMessage Create(RunAgentInput input) => Create(ToJson(input));

    /// <summary><c>POST /api/agent</c> with <c>Accept: text/event-stream</c> and <paramref name="body"/> sent as-is.</summary>
    public static HttpRequestMessage Create(string body, string contentType = "application/json") =>
        Create(new StringContent(body, Encoding.UTF8, MediaTypeHeaderValue.Parse(contentType)));

    /// <summary><c>POST /api/agent</c> with <paramref name="body"/> sent chunked, without a Content-Length.</summary>
    public static HttpRequestMessage CreateChunked(string body)
    {
        var request = Create(new ChunkedJsonContent(Encoding.UTF8.GetBytes(body)));
        request.Headers.TransferEncodingChunked = true;
        return request;
    }

    /// <summary><c>POST /api/agent</c> with <c>Accept: text/event-stream</c> and <paramref name="content"/>.</summary>
    public static HttpRequestMessage Create(HttpContent content)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, AgUiEndpointRouteBuilderExtensions.DefaultPattern) { Content = content };
        request.Headers.Accept.ParseAdd("text/event-stream");
        return request;
    }
}
