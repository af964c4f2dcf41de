using System.Collections.Concurrent;
using System.Diagnostics;
using System.Threading.Channels;
using AgUi.Functions.HostStandIn.Rpc;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using MessageKind = AgUi.Functions.HostStandIn.Rpc.StreamingMessage.ContentOneofCase;

namespace AgUi.Functions.HostStandIn;

/// <summary>What the worker told the host during start-up.</summary>
/// <param name="HttpUri">Where the worker's ASP.NET Core integration takes the HTTP requests.</param>
/// <param name="Functions">The functions the worker indexed and loaded.</param>
/// <param name="ConnectedAt">When the worker's StartStream arrived (<see cref="System.Diagnostics.Stopwatch.GetTimestamp"/>).</param>
/// <param name="InitializedAt">When its WorkerInitResponse arrived.</param>
/// <param name="LoadedAt">When the last FunctionLoadResponse arrived: the worker can take invocations.</param>
public sealed record WorkerReady(
    Uri HttpUri, IReadOnlyList<RpcFunctionMetadata> Functions, IReadOnlyDictionary<string, string> Capabilities,
    long ConnectedAt, long InitializedAt, long LoadedAt);

/// <summary>
/// The host's side of <c>FunctionRpc.EventStream</c> for one worker, in the order the Functions host drives it:
/// the worker's StartStream, WorkerInitRequest/Response (which carries the worker's HttpUri), a
/// FunctionsMetadataRequest (worker indexing) and one FunctionLoadRequest per indexed function; after that
/// InvocationRequest/Response, InvocationCancel and WorkerTerminate. RpcLog messages are kept as they arrive.
/// </summary>
public sealed class WorkerChannel(string workerId, string appDirectory) : FunctionRpc.FunctionRpcBase
{
    private const string HttpUriCapability = "HttpUri";

    private readonly Channel<StreamingMessage> toWorker = Channel.CreateUnbounded<StreamingMessage>(new UnboundedChannelOptions { SingleReader = true });
    private readonly ConcurrentDictionary<string, TaskCompletionSource<InvocationResponse>> invocations = new();
    private readonly ConcurrentQueue<RpcLog> logs = new();
    private readonly TaskCompletionSource<WorkerReady> ready = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes when every function is loaded; fails when the worker refuses a step or hangs up first.</summary>
    public Task<WorkerReady> Ready => ready.Task;

    /// <summary>Every RpcLog the worker sent, in order: where the worker's ILogger output goes under the real host.</summary>
    public IReadOnlyList<RpcLog> Logs => [.. logs];

    public override async Task EventStream(IAsyncStreamReader<StreamingMessage> requestStream, IServerStreamWriter<StreamingMessage> responseStream, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(requestStream);
        ArgumentNullException.ThrowIfNull(responseStream);
        ArgumentNullException.ThrowIfNull(context);
        var token = context.CancellationToken;
        var sending = SendQueuedAsync(responseStream, token);
        try
        {
            ready.TrySetResult(await StartWorkerAsync(requestStream, token));
            while (await ReceiveAsync(requestStream, token) is { } message)
            {
                if (message.ContentCase == MessageKind.InvocationResponse &&
                    invocations.TryRemove(message.InvocationResponse.InvocationId, out var pending))
                {
                    pending.TrySetResult(message.InvocationResponse);
                }
            }
        }
        catch (Exception ex)
        {
            ready.TrySetException(ex);
            throw;
        }
        finally
        {
            toWorker.Writer.TryComplete();
            await sending;
            foreach (var pending in invocations.Values)
            {
                pending.TrySetException(new InvalidOperationException("The worker's stream ended before the invocation did."));
            }
        }
    }

    /// <summary>Sends an invocation and waits for the worker's InvocationResponse.</summary>
    public Task<InvocationResponse> InvokeAsync(InvocationRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var response = new TaskCompletionSource<InvocationResponse>(TaskCreationOptions.RunContinuationsAsynchronously);
        invocations[request.InvocationId] = response;
        Send(new StreamingMessage { InvocationRequest = request });
        return response.Task;
    }

    /// <summary>Asks the worker to cancel an invocation; nothing happens once the stream has ended.</summary>
    public void Cancel(string invocationId) => toWorker.Writer.TryWrite(new StreamingMessage { InvocationCancel = new InvocationCancel { InvocationId = invocationId } });

    /// <summary>Asks the worker to stop; nothing happens once the stream has ended.</summary>
    public void Terminate(TimeSpan gracePeriod) => toWorker.Writer.TryWrite(new StreamingMessage { WorkerTerminate = new WorkerTerminate { GracePeriod = Duration.FromTimeSpan(gracePeriod) } });

    private async Task<WorkerReady> StartWorkerAsync(IAsyncStreamReader<StreamingMessage> fromWorker, CancellationToken token)
    {
        var start = await ExpectAsync(fromWorker, MessageKind.StartStream, token);
        var connectedAt = Stopwatch.GetTimestamp();
        if (start.StartStream.WorkerId != workerId)
        {
            throw new InvalidOperationException($"A worker with id '{start.StartStream.WorkerId}' connected; the stand-in started '{workerId}'.");
        }

        Send(new StreamingMessage
        {
            RequestId = NewRequestId(),
            WorkerInitRequest = new WorkerInitRequest { HostVersion = "4.0.0-stand-in", WorkerDirectory = appDirectory, FunctionAppDirectory = appDirectory },
        });
        var init = (await ExpectAsync(fromWorker, MessageKind.WorkerInitResponse, token)).WorkerInitResponse;
        var initializedAt = Stopwatch.GetTimestamp();
        EnsureSuccess(init.Result, "worker initialization");
        if (!init.Capabilities.TryGetValue(HttpUriCapability, out var httpUri))
        {
            throw new InvalidOperationException("The worker reported no HttpUri capability; the stand-in only forwards to workers with the ASP.NET Core integration.");
        }

        Send(new StreamingMessage { RequestId = NewRequestId(), FunctionsMetadataRequest = new FunctionsMetadataRequest { FunctionAppDirectory = appDirectory } });
        var metadata = (await ExpectAsync(fromWorker, MessageKind.FunctionMetadataResponse, token)).FunctionMetadataResponse;
        EnsureSuccess(metadata.Result, "function indexing");
        if (metadata.UseDefaultMetadataIndexing)
        {
            throw new InvalidOperationException("The worker asked the host to index its functions; the stand-in only supports worker indexing.");
        }

        foreach (var function in metadata.FunctionMetadataResults)
        {
            EnsureSuccess(function.Status, $"indexing function '{function.Name}'");
            Send(new StreamingMessage
            {
                RequestId = NewRequestId(),
                FunctionLoadRequest = new FunctionLoadRequest
                {
                    FunctionId = function.FunctionId,
                    Metadata = new RpcFunctionMetadata
                    {
                        Name = function.Name,
                        Directory = function.Directory,
                        ScriptFile = function.ScriptFile,
                        EntryPoint = function.EntryPoint,
                        Bindings = { function.Bindings },
                    },
                },
            });
            var load = (await ExpectAsync(fromWorker, MessageKind.FunctionLoadResponse, token)).FunctionLoadResponse;
            EnsureSuccess(load.Result, $"loading function '{function.Name}'");
        }

        return new WorkerReady(new Uri(httpUri), [.. metadata.FunctionMetadataResults], init.Capabilities.ToDictionary(c => c.Key, c => c.Value, StringComparer.Ordinal),
            connectedAt, initializedAt, Stopwatch.GetTimestamp());
    }

    private async Task<StreamingMessage> ExpectAsync(IAsyncStreamReader<StreamingMessage> fromWorker, MessageKind kind, CancellationToken token)
    {
        var message = await ReceiveAsync(fromWorker, token)
            ?? throw new InvalidOperationException($"The worker closed its stream while the host waited for {kind}.");
        return message.ContentCase == kind
            ? message
            : throw new InvalidOperationException($"The worker sent {message.ContentCase} while the host waited for {kind}.");
    }

    /// <summary>The next message that is not a log (logs are kept), or null when the worker closes the stream.</summary>
    private async Task<StreamingMessage?> ReceiveAsync(IAsyncStreamReader<StreamingMessage> fromWorker, CancellationToken token)
    {
        while (await fromWorker.MoveNext(token))
        {
            if (fromWorker.Current.ContentCase != MessageKind.RpcLog)
            {
                return fromWorker.Current;
            }

            logs.Enqueue(fromWorker.Current.RpcLog);
        }

        return null;
    }

    private void Send(StreamingMessage message)
    {
        if (!toWorker.Writer.TryWrite(message))
        {
            throw new InvalidOperationException("The worker's stream has ended.");
        }
    }

    /// <summary>The only writer of the response stream: gRPC allows one write at a time.</summary>
    private async Task SendQueuedAsync(IServerStreamWriter<StreamingMessage> toWorkerStream, CancellationToken token)
    {
        try
        {
            await foreach (var message in toWorker.Reader.ReadAllAsync(token))
            {
                await toWorkerStream.WriteAsync(message, token);
            }
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
            // The worker hung up; EventStream reports what was pending.
        }
    }

    private static void EnsureSuccess(StatusResult? result, string step)
    {
        if (result is { Status: not StatusResult.Types.Status.Success })
        {
            throw new InvalidOperationException($"The worker failed {step}: {result.Status} {result.Exception?.Message}");
        }
    }

    private static string NewRequestId() => Guid.NewGuid().ToString();
}
