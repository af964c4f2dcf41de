using System.Buffers;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace AgUi.Bench.Load;

/// <summary>
/// What the scripted model streams for every completion: how many tokens, the pause before each, and
/// optionally a fault (an error status instead of a stream, or a stream that breaks halfway).
/// </summary>
public sealed record ModelScript(int TokenCount, TimeSpan TokenInterval, ModelFault Fault = ModelFault.None);

public enum ModelFault
{
    None,

    /// <summary>401 with an OpenAI error body.</summary>
    Unauthorized,

    /// <summary>429 with an OpenAI error body.</summary>
    RateLimited,

    /// <summary>500 with an OpenAI error body.</summary>
    ServerError,

    /// <summary>The connection is cut after half the tokens.</summary>
    CloseMidStream,

    /// <summary>After half the tokens, nothing more is sent until the client gives up.</summary>
    Stall,

    /// <summary>After half the tokens, a chunk that is not JSON.</summary>
    MalformedChunk,
}

/// <summary>
/// An OpenAI-compatible model on loopback (<c>POST /v1/chat/completions</c>, streaming) that answers every
/// request with the current <see cref="Script"/>: <c>chat.completion.chunk</c> events whose content is a
/// <see cref="TokenStamp"/>, so the load client can tell how long each token took to reach it.
/// </summary>
public sealed class ScriptedModelServer : IAsyncDisposable
{
    private const string ChunkHead = "data: {\"id\":\"chatcmpl-scripted\",\"object\":\"chat.completion.chunk\",\"created\":1700000000,\"model\":\"scripted\",\"choices\":[{\"index\":0,";

    private static readonly byte[] RoleChunk = Encode(ChunkHead + "\"delta\":{\"role\":\"assistant\",\"content\":\"\"},\"finish_reason\":null}]}\n\n");
    private static readonly byte[] TokenHead = Encode(ChunkHead + "\"delta\":{\"content\":\"");
    private static readonly byte[] TokenTail = Encode("\"},\"finish_reason\":null}]}\n\n");
    private static readonly byte[] StopChunk = Encode(ChunkHead + "\"delta\":{},\"finish_reason\":\"stop\"}]}\n\n");

    private readonly WebApplication app;

    private ScriptedModelServer(WebApplication app) => this.app = app;

    /// <summary>The base URL clients configure, ending in <c>/v1</c>.</summary>
    public Uri BaseUrl { get; private set; } = null!;

    public ModelScript Script { get; set; } = new(20, TimeSpan.Zero);

    public static async Task<ScriptedModelServer> StartAsync(CancellationToken cancellationToken = default)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var server = new ScriptedModelServer(app);
        app.MapPost("/v1/chat/completions", server.CompleteAsync);
        await app.StartAsync(cancellationToken);
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        server.BaseUrl = new Uri($"{address}/v1");
        return server;
    }

    private async Task CompleteAsync(HttpContext context)
    {
        var script = Script;
        var includeUsage = await ReadIncludeUsageAsync(context.Request, context.RequestAborted);
        var response = context.Response;
        if (script.Fault is ModelFault.Unauthorized or ModelFault.RateLimited or ModelFault.ServerError)
        {
            response.StatusCode = script.Fault switch
            {
                ModelFault.Unauthorized => StatusCodes.Status401Unauthorized,
                ModelFault.RateLimited => StatusCodes.Status429TooManyRequests,
                _ => StatusCodes.Status500InternalServerError,
            };
            response.ContentType = "application/json";
            await response.WriteAsync($$$"""{"error":{"message":"scripted {{{script.Fault}}}","type":"scripted_fault","code":null}}""", context.RequestAborted);
            return;
        }

        response.ContentType = "text/event-stream";
        response.Headers.CacheControl = "no-cache";
        var body = response.BodyWriter;
        body.Write(RoleChunk);
        await body.FlushAsync(context.RequestAborted);

        using var pacing = script.TokenInterval > TimeSpan.Zero ? new PeriodicTimer(script.TokenInterval) : null;
        for (var i = 0; i < script.TokenCount; i++)
        {
            if (i == script.TokenCount / 2 && script.Fault != ModelFault.None)
            {
                await BreakAsync(context, script.Fault);
                return;
            }

            if (pacing is not null && !await pacing.WaitForNextTickAsync(context.RequestAborted))
            {
                return;
            }

            var span = body.GetSpan(TokenHead.Length + TokenStamp.MaxLength + TokenTail.Length);
            TokenHead.CopyTo(span);
            var length = TokenHead.Length;
            length += TokenStamp.Write(span[length..]);
            TokenTail.CopyTo(span[length..]);
            body.Advance(length + TokenTail.Length);
            var flushed = await body.FlushAsync(context.RequestAborted);
            if (flushed.IsCanceled || flushed.IsCompleted)
            {
                return;
            }
        }

        body.Write(StopChunk);
        if (includeUsage)
        {
            body.Write(Encode(
                $$$"""data: {"id":"chatcmpl-scripted","object":"chat.completion.chunk","created":1700000000,"model":"scripted","choices":[],"usage":{"prompt_tokens":10,"completion_tokens":{{{script.TokenCount}}},"total_tokens":{{{script.TokenCount + 10}}}}}""" + "\n\n"));
        }

        body.Write("data: [DONE]\n\n"u8);
        await body.FlushAsync(context.RequestAborted);
    }

    private static async Task BreakAsync(HttpContext context, ModelFault fault)
    {
        switch (fault)
        {
            case ModelFault.CloseMidStream:
                context.Abort();
                break;
            case ModelFault.Stall:
                try
                {
                    await Task.Delay(Timeout.Infinite, context.RequestAborted);
                }
                catch (OperationCanceledException)
                {
                    // The client gave up on the stalled stream, which is what a stall is for.
                }

                break;
            default:
                context.Response.BodyWriter.Write("data: {\"id\":\"chatcmpl-scripted\",\"choices\":[{\"index\":0,\"delta\":{\"content\n\n"u8);
                await context.Response.BodyWriter.FlushAsync(context.RequestAborted);
                break;
        }
    }

    private static async Task<bool> ReadIncludeUsageAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        using var document = await JsonDocument.ParseAsync(request.Body, cancellationToken: cancellationToken);
        return document.RootElement.TryGetProperty("stream_options", out var options) &&
            options.ValueKind == JsonValueKind.Object &&
            options.TryGetProperty("include_usage", out var usage) && usage.ValueKind == JsonValueKind.True;
    }

    private static byte[] Encode(string text) => Encoding.UTF8.GetBytes(text);

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }
}
