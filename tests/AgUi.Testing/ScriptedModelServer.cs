using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace AgUi.Testing;

/// <summary>
/// An OpenAI-compatible chat completions server on loopback that stands in for the model: it records
/// every request and answers each with the next scripted response, in order. Point a client at
/// <see cref="BaseUrl"/> (it answers any <c>POST</c> path, so Azure's <c>/openai/deployments/{name}/chat/completions</c> too).
/// </summary>
public sealed class ScriptedModelServer : IAsyncDisposable
{
    private readonly WebApplication app;
    private readonly ConcurrentQueue<ScriptedResponse> script = new();
    private readonly List<RecordedRequest> requests = [];
    private readonly CancellationTokenSource stopping = new();

    private ScriptedModelServer(WebApplication app)
    {
        this.app = app;
    }

    /// <summary>The base URL to configure as the model endpoint, ending in <c>/v1/</c>.</summary>
    public Uri BaseUrl { get; private set; } = null!;

    public IReadOnlyList<RecordedRequest> Requests
    {
        get
        {
            lock (requests)
            {
                return [.. requests];
            }
        }
    }

    /// <param name="certificate">Serve HTTPS with this certificate (clients must be told to trust it); HTTP when null.</param>
    public static async Task<ScriptedModelServer> StartAsync(X509Certificate2? certificate = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0, listen =>
        {
            if (certificate is not null)
            {
                listen.UseHttps(certificate);
            }
        }));
        var app = builder.Build();
        var server = new ScriptedModelServer(app);
        app.MapPost("/{**path}", server.HandleAsync);
        await app.StartAsync();
        server.BaseUrl = new Uri(new Uri(app.Urls.Single()), "/v1/");
        return server;
    }

    /// <summary>Queues the answers to the next requests, one per request.</summary>
    public void Enqueue(params ScriptedResponse[] responses)
    {
        foreach (var response in responses)
        {
            script.Enqueue(response);
        }
    }

    private async Task HandleAsync(HttpContext context)
    {
        var aborted = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        context.RequestAborted.Register(() => aborted.TrySetResult());
        using var reader = new StreamReader(context.Request.Body, Encoding.UTF8);
        var body = JsonNode.Parse(await reader.ReadToEndAsync())!;
        var recorded = new RecordedRequest(
            context.Request.Path.Value ?? string.Empty,
            context.Request.QueryString.Value ?? string.Empty,
            body,
            context.Request.Headers.Authorization.ToString(),
            context.Request.Headers["api-key"].ToString(),
            DateTimeOffset.UtcNow,
            aborted.Task);
        lock (requests)
        {
            requests.Add(recorded);
        }

        if (!script.TryDequeue(out var response))
        {
            response = ScriptedResponse.Error(500, """{"error":{"message":"The test scripted no response for this request."}}""");
        }

        using var linked = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, stopping.Token);
        try
        {
            await response.WriteAsync(context, linked.Token);
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException)
        {
            // The client went away (a timeout or cancellation under test); nothing is left to answer.
        }
    }

    public async ValueTask DisposeAsync()
    {
        await stopping.CancelAsync();
        await app.StopAsync();
        await app.DisposeAsync();
        stopping.Dispose();
    }
}

/// <summary>One request the model server received.</summary>
/// <param name="Aborted">Completes when the client aborts the request (a cancelled or timed-out call).</param>
/// <param name="Query">The query string with its <c>?</c>, or empty.</param>
/// <param name="ApiKey">The <c>api-key</c> header (Azure OpenAI's key header), or empty.</param>
public sealed record RecordedRequest(string Path, string Query, JsonNode Body, string Authorization, string ApiKey, DateTimeOffset ReceivedAt, Task Aborted)
{
    public JsonArray Messages => Body["messages"]!.AsArray();

    public JsonArray? Tools => Body["tools"]?.AsArray();

    public IEnumerable<string> ToolNames => Tools?.Select(t => t!["function"]!["name"]!.GetValue<string>()) ?? [];
}

/// <summary>How the scripted server answers one request.</summary>
public abstract class ScriptedResponse
{
    /// <summary>A 200 SSE stream of the given <c>chat.completion.chunk</c> objects, ended by <c>[DONE]</c>.</summary>
    public static ScriptedResponse Stream(params JsonObject[] chunks) => new SseResponse(chunks.Select(Frame), "data: [DONE]\n\n", Ending.Complete);

    /// <summary>
    /// A 200 SSE stream that sends <paramref name="before"/>, then waits for <paramref name="resume"/> before it sends
    /// <paramref name="after"/> and <c>[DONE]</c>: a model still producing while the client reads what came first.
    /// </summary>
    public static ScriptedResponse StreamWithPause(JsonObject[] before, Task resume, params JsonObject[] after) =>
        new SseResponse(before.Concat(after).Select(Frame), "data: [DONE]\n\n", Ending.Complete, (before.Length, resume));

    /// <summary>A stream that sends the chunks and then ends the connection short of its declared length.</summary>
    public static ScriptedResponse BreakAfter(params JsonObject[] chunks) => new SseResponse(chunks.Select(Frame), null, Ending.CutShort);

    /// <summary>A stream that sends the chunks and then goes silent until the client gives up.</summary>
    public static ScriptedResponse StallAfter(params JsonObject[] chunks) => new SseResponse(chunks.Select(Frame), null, Ending.Stall);

    /// <summary>A stream that sends the chunks and then a frame that is not JSON.</summary>
    public static ScriptedResponse MalformedAfter(params JsonObject[] chunks) =>
        new SseResponse(chunks.Select(Frame).Append("data: {\"id\":\"chatcmpl-broken\",\"choices\":[{\"delta\":\n\n"), "data: [DONE]\n\n", Ending.Complete);

    /// <summary>An HTTP error with a JSON body and optional headers (Retry-After, for example).</summary>
    public static ScriptedResponse Error(int status, string body, params (string Name, string Value)[] headers) => new ErrorResponse(status, body, headers);

    internal abstract Task WriteAsync(HttpContext context, CancellationToken cancellationToken);

    private static string Frame(JsonObject chunk) => $"data: {chunk.ToJsonString()}\n\n";

    private enum Ending
    {
        Complete,
        CutShort,
        Stall,
    }

    private sealed class SseResponse(IEnumerable<string> frames, string? last, Ending ending, (int FrameIndex, Task Resume)? pause = null) : ScriptedResponse
    {
        internal override async Task WriteAsync(HttpContext context, CancellationToken cancellationToken)
        {
            context.Response.ContentType = "text/event-stream";
            if (ending == Ending.CutShort)
            {
                // Promising more bytes than are sent makes the server close the connection after the
                // last chunk: the client reads every chunk and then finds the stream cut short.
                context.Response.ContentLength = 1_000_000;
            }

            await context.Response.StartAsync(cancellationToken);
            foreach (var (index, frame) in frames.Append(last).OfType<string>().Index())
            {
                if (pause is { } p && p.FrameIndex == index)
                {
                    await p.Resume.WaitAsync(cancellationToken);
                }

                await context.Response.WriteAsync(frame, cancellationToken);
                await context.Response.Body.FlushAsync(cancellationToken);
            }

            if (ending == Ending.Stall)
            {
                await Task.Delay(Timeout.Infinite, cancellationToken);
            }
        }
    }

    private sealed class ErrorResponse(int status, string body, (string Name, string Value)[] headers) : ScriptedResponse
    {
        internal override Task WriteAsync(HttpContext context, CancellationToken cancellationToken)
        {
            context.Response.StatusCode = status;
            context.Response.ContentType = "application/json";
            foreach (var (name, value) in headers)
            {
                context.Response.Headers[name] = value;
            }

            return context.Response.WriteAsync(body, cancellationToken);
        }
    }
}

/// <summary>Builds <c>chat.completion.chunk</c> objects the way OpenAI streams them.</summary>
public static class Chunk
{
    public static JsonObject Text(string content) => Choice(new JsonObject { ["role"] = "assistant", ["content"] = content });

    /// <summary>A tool call's first fragment: the only one that carries its id and name.</summary>
    public static JsonObject ToolCallStart(int index, string id, string name, string arguments = "") => Choice(new JsonObject
    {
        ["tool_calls"] = new JsonArray(new JsonObject
        {
            ["index"] = index,
            ["id"] = id,
            ["type"] = "function",
            ["function"] = new JsonObject { ["name"] = name, ["arguments"] = arguments },
        }),
    });

    /// <summary>A later argument fragment: only the index says which call it belongs to.</summary>
    public static JsonObject ToolCallArgs(int index, string fragment) => Choice(new JsonObject
    {
        ["tool_calls"] = new JsonArray(new JsonObject { ["index"] = index, ["function"] = new JsonObject { ["arguments"] = fragment } }),
    });

    public static JsonObject Finish(string reason) => Choice(new JsonObject(), reason);

    /// <summary>The last chunk when the request asked for usage: no choices, just the counts.</summary>
    public static JsonObject Usage(int promptTokens, int completionTokens) => Envelope(new JsonArray(), new JsonObject
    {
        ["prompt_tokens"] = promptTokens,
        ["completion_tokens"] = completionTokens,
        ["total_tokens"] = promptTokens + completionTokens,
    });

    private static JsonObject Choice(JsonObject delta, string? finishReason = null) =>
        Envelope(new JsonArray(new JsonObject { ["index"] = 0, ["delta"] = delta, ["finish_reason"] = finishReason }), null);

    private static JsonObject Envelope(JsonArray choices, JsonObject? usage) => new()
    {
        ["id"] = "chatcmpl-scripted",
        ["object"] = "chat.completion.chunk",
        ["created"] = 1_767_225_600,
        ["model"] = "scripted-model",
        ["choices"] = choices,
        ["usage"] = usage,
    };
}
