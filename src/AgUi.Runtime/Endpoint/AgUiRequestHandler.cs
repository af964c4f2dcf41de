using System.Buffers;
using System.Diagnostics;
using System.Text.Json;
using AgUi.Protocol.Events;
using AgUi.Protocol.Input;
using AgUi.Protocol.Json;
using AgUi.Protocol.Sse;
using AgUi.Protocol.Verification;
using AgUi.Runtime.Agents;
using AgUi.Runtime.Telemetry;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace AgUi.Runtime.Endpoint;

/// <summary>
/// The run endpoint: finds the agent, checks the request, then streams the agent's events as SSE
/// through the sequence verifier. Hosts call <see cref="HandleAsync"/> (the standalone host through
/// <c>MapAgUi</c>, the Functions app from its HTTP triggers), so request logic exists once.
/// </summary>
public sealed partial class AgUiRequestHandler(
    AgentCatalog agents,
    IOptions<AgUiEndpointOptions> options,
    IHostApplicationLifetime lifetime,
    ILogger<AgUiRequestHandler> logger)
{
    private const long RefusedBodyDrainBytes = 1024 * 1024;
    private static readonly TimeSpan RefusedBodyDrainTime = TimeSpan.FromSeconds(2);

    private const string GenericFailureMessage = "The agent failed while running. The server log has the details.";


    /// <summary>Runs the agent called <paramref name="agentName"/> (<see cref="AgentNames.Default"/> for <c>/api/agent</c>).</summary>
    public async Task HandleAsync(HttpContext context, string agentName, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(agentName);
        if (!agents.TryGet(agentName, out var agent))
        {
            await RequestProblems.WriteAsync(context, StatusCodes.Status404NotFound, "No such agent",
                "This server has no agent of that name.");
            return;
        }

        using var linked = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, cancellationToken, lifetime.ApplicationStopping);
        var token = linked.Token;

        var input = await ReadInputAsync(context, token);
        if (input is null)
        {
            return;
        }

        using var run = RunTelemetry.Start(agentName, input);
        using var scope = logger.BeginScope(new RunLogScope(agentName, input.ThreadId, input.RunId, Activity.Current?.TraceId));
        await StreamRunAsync(context, agent, input, run, token);
    }

    private async Task<RunAgentInput?> ReadInputAsync(HttpContext context, CancellationToken token)
    {
        var request = context.Request;
        if (!IsJson(request.ContentType))
        {
            await RequestProblems.WriteAsync(context, StatusCodes.Status415UnsupportedMediaType, "Unsupported media type",
                "The request body must be a RunAgentInput sent as application/json.");
            return null;
        }

        if (!AcceptsEventStream(request))
        {
            await RequestProblems.WriteAsync(context, StatusCodes.Status406NotAcceptable, "Not acceptable",
                "This endpoint answers with text/event-stream; send Accept: text/event-stream (or */*).");
            return null;
        }

        var limit = options.Value.MaxRequestBodyBytes;
        var readRefusedToEnd = options.Value.ReadRefusedBodyToEnd;
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } serverLimit)
        {
            // The server's own limit (Kestrel's default is 30 MB) would otherwise override this one; the
            // allowance above it lets a refused body be drained so the client can read the 413. A proxy that
            // bounds bodies itself needs none.
            serverLimit.MaxRequestBodySize = readRefusedToEnd ? null : limit + RefusedBodyDrainBytes;
        }

        var body = request.ContentLength > limit ? null : await ReadBodyAsync(request, limit, token);
        if (body is null)
        {
            await DrainRefusedBodyAsync(request, limit, readRefusedToEnd, token);
            await WriteTooLargeAsync(context, limit);
            return null;
        }

        try
        {
            var input = JsonSerializer.Deserialize(body.WrittenSpan, AgUiJsonContext.Default.RunAgentInput);
            var problem = input is null ? ("$", "The body must be a JSON object.") : FindInvalidIds(input);
            if (problem is { } p)
            {
                await RequestProblems.WriteAsync(context, StatusCodes.Status400BadRequest, "Invalid RunAgentInput", p.Detail, p.Field);
                return null;
            }

            return input;
        }
        catch (Exception ex) when (JsonErrorLocation.Locate(ex) is { } error)
        {
            await RequestProblems.WriteAsync(context, StatusCodes.Status400BadRequest, "Invalid RunAgentInput", error.Detail, error.Field);
            return null;
        }
        catch (Exception ex) when (ex is NotSupportedException or InvalidOperationException or ArgumentException)
        {
            await RequestProblems.WriteAsync(context, StatusCodes.Status400BadRequest, "Invalid RunAgentInput",
                "The body is not a RunAgentInput this server can read.", "$");
            return null;
        }
    }

    private async Task StreamRunAsync(HttpContext context, IAgent agent, RunAgentInput input, RunTelemetry run, CancellationToken token)
    {
        var verifier = new EventSequenceVerifier();
        await using var writer = new SseResponseWriter(context.Response, options.Value.HeartbeatInterval, token);
        await writer.StartAsync(token);
        run.StreamOpened();
        try
        {
            await foreach (var agUiEvent in agent.RunAsync(input, token).WithCancellation(token))
            {
                var violation = verifier.Accept(agUiEvent);
                if (violation is not null)
                {
                    LogInvalidEvent(logger, agUiEvent.Type, violation);
                    await WriteAllAsync(writer, run, verifier.Seal(RunErrorCodes.InvalidEventSequence,
                        "The agent produced an invalid event sequence. The server log has the details."), token);
                    return;
                }

                run.Observe(agUiEvent);
                await writer.WriteAsync(agUiEvent, token);
                if (verifier.IsTerminated)
                {
                    return;
                }
            }

            LogIncompleteRun(logger);
            await WriteAllAsync(writer, run, verifier.Seal(RunErrorCodes.IncompleteRun, "The agent stopped before finishing the run."), token);
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested && !context.RequestAborted.IsCancellationRequested)
        {
            // The client is still there: the server stopped the run (the host is shutting down, or the
            // invocation was cancelled). It did not fail, so it ends as cancelled and can be run again.
            LogRunCancelledByServer(logger);
            await TryEndAsync(writer, run, verifier.Cancel(input.ThreadId, input.RunId), context.RequestAborted);
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
            LogClientDisconnected(logger);
        }
        catch (AgentRunException ex)
        {
            // A failure with a cause (the store or the model endpoint failed) is an error; one the agent reports
            // by itself (too many turns, a refused tool name) is a warning. Either is logged here only, once.
            LogAgentRunFailure(logger, ex.InnerException is null ? LogLevel.Warning : LogLevel.Error, ex.Code, ex);
            await TryEndAsync(writer, run, verifier.Seal(ex.Code, ex.Message), token);
        }
        catch (Exception ex)
        {
            LogAgentFailure(logger, RunErrorCodes.AgentError, ex);
            await TryEndAsync(writer, run, verifier.Seal(RunErrorCodes.AgentError, GenericFailureMessage), token);
        }
    }

    private async Task TryEndAsync(SseResponseWriter writer, RunTelemetry run, IReadOnlyList<BaseEvent> ending, CancellationToken token)
    {
        try
        {
            await WriteAllAsync(writer, run, ending, token);
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException)
        {
            LogClientDisconnected(logger);
        }
    }

    private static async Task WriteAllAsync(SseResponseWriter writer, RunTelemetry run, IReadOnlyList<BaseEvent> events, CancellationToken token)
    {
        foreach (var e in events)
        {
            run.Observe(e);
            await writer.WriteAsync(e, token);
        }
    }

    private static async Task<ArrayBufferWriter<byte>?> ReadBodyAsync(HttpRequest request, long limit, CancellationToken token)
    {
        var buffer = new ArrayBufferWriter<byte>(request.ContentLength is > 0 and var length ? (int)Math.Min(length, limit) : 4096);
        try
        {
            while (true)
            {
                var memory = buffer.GetMemory(4096);
                var read = await request.Body.ReadAsync(memory, token);
                if (read == 0)
                {
                    return buffer;
                }

                buffer.Advance(read);
                if (buffer.WrittenCount > limit)
                {
                    return null;
                }
            }
        }
        catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return null;
        }
    }

    /// <summary>
    /// Reads and discards the rest of a refused body, up to <see cref="RefusedBodyDrainBytes"/> past the limit and
    /// for at most <see cref="RefusedBodyDrainTime"/>. A client still uploading when the 413 is written would
    /// otherwise see the connection close under it (a broken pipe) instead of the answer. A client that
    /// asked to wait (<c>Expect: 100-continue</c>) or announced a larger body is not invited to send it.
    /// With <paramref name="toEnd"/> (<see cref="AgUiEndpointOptions.ReadRefusedBodyToEnd"/>) the whole body is read,
    /// however long it takes: a forwarding proxy such as the Functions host's fails the request (500) when the
    /// worker stops reading before the body ends.
    /// </summary>
    private static async Task DrainRefusedBodyAsync(HttpRequest request, long limit, bool toEnd, CancellationToken token)
    {
        if (!toEnd && (request.ContentLength > limit + RefusedBodyDrainBytes ||
            request.Headers.Expect.ToString().Contains("100-continue", StringComparison.OrdinalIgnoreCase)))
        {
            return;
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(token);
        if (!toEnd)
        {
            timeout.CancelAfter(RefusedBodyDrainTime);
        }
        var scratch = ArrayPool<byte>.Shared.Rent(16 * 1024);
        try
        {
            while (await request.Body.ReadAsync(scratch, timeout.Token) > 0)
            {
            }
        }
        catch (Exception ex) when (ex is BadHttpRequestException or IOException or OperationCanceledException)
        {
            // Past the allowance, too slow, or gone: the connection closes after the 413, as before.
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(scratch);
        }
    }

    private static Task WriteTooLargeAsync(HttpContext context, long limit) =>
        RequestProblems.WriteAsync(context, StatusCodes.Status413PayloadTooLarge, "Request body too large",
            $"The request body is larger than the limit of {limit} bytes (AgUi:MaxRequestBodyBytes).");

    private static (string Field, string Detail)? FindInvalidIds(RunAgentInput input)
    {
        if (string.IsNullOrWhiteSpace(input.ThreadId))
        {
            return ("$.threadId", "threadId must be a non-empty string.");
        }

        if (input.ThreadId.Any(char.IsControl))
        {
            return ("$.threadId", "threadId must not contain control characters.");
        }

        if (string.IsNullOrWhiteSpace(input.RunId))
        {
            return ("$.runId", "runId must be a non-empty string.");
        }

        for (var i = 0; i < input.Messages.Count; i++)
        {
            if (string.IsNullOrEmpty(input.Messages[i].Id))
            {
                return ($"$.messages[{i}].id", "Every message needs a non-empty id.");
            }
        }

        return null;
    }

    private static bool IsJson(string? contentType) =>
        MediaTypeHeaderValue.TryParse(contentType, out var mediaType) &&
        (mediaType.MediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase) ||
         mediaType.Suffix.Equals("json", StringComparison.OrdinalIgnoreCase));

    private static bool AcceptsEventStream(HttpRequest request)
    {
        var accept = request.Headers.Accept;
        if (string.IsNullOrWhiteSpace(accept.ToString()))
        {
            return true;
        }

        var eventStream = new MediaTypeHeaderValue(SseEventFramer.ContentType);
        return MediaTypeHeaderValue.TryParseList(accept, out var mediaTypes) &&
            mediaTypes.Any(m => m.Quality is null or > 0 && eventStream.IsSubsetOf(m));
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "The agent produced {EventType}, which breaks the AG-UI sequence: {Violation}. The stream was sealed with RUN_ERROR.")]
    private static partial void LogInvalidEvent(ILogger logger, string eventType, string violation);

    [LoggerMessage(Level = LogLevel.Error, Message = "The agent's stream ended without RUN_FINISHED or RUN_ERROR. The stream was sealed with RUN_ERROR.")]
    private static partial void LogIncompleteRun(ILogger logger);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The server stopped the run (shutting down, or the invocation was cancelled); it ends with RUN_FINISHED, outcome cancelled.")]
    private static partial void LogRunCancelledByServer(ILogger logger);

    [LoggerMessage(Level = LogLevel.Information, Message = "The client disconnected; the run was cancelled.")]
    private static partial void LogClientDisconnected(ILogger logger);

    [LoggerMessage(Message = "The run failed with {Code}.")]
    private static partial void LogAgentRunFailure(ILogger logger, LogLevel level, string code, Exception exception);

    [LoggerMessage(Level = LogLevel.Error, Message = "The agent threw; the stream was sealed with RUN_ERROR {Code}.")]
    private static partial void LogAgentFailure(ILogger logger, string code, Exception exception);
}
