using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.Json;
using AgUi.Functions.HostStandIn.Rpc;
using AgUi.Protocol.Input;
using AgUi.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Yarp.ReverseProxy.Forwarder;

namespace AgUi.Functions.HostStandIn;

/// <summary>
/// A stand-in for the Azure Functions host in front of one .NET isolated worker, for tests: it serves the
/// worker's gRPC channel (<see cref="WorkerChannel"/>), starts the built app as its own process
/// (<see cref="WorkerProcess"/>), and serves the app's HTTP functions. Each request is handled as the host
/// does it for a worker with the ASP.NET Core integration: YARP's <see cref="IHttpForwarder"/> forwards the
/// request to the worker's HttpUri with an <c>x-ms-invocation-id</c> header while the matching
/// InvocationRequest goes over gRPC; a forwarding error or a failed invocation becomes an exception, which
/// the server answers with 500 when the response has not started.
/// It does not check function keys, scale, restart workers or run more than one.
/// </summary>
public sealed class FunctionsHostStandIn : IAsyncDisposable
{
    private const string InvocationIdHeader = "x-ms-invocation-id";

    /// <summary>The host's own request body limit (the default of FUNCTIONS_REQUEST_BODY_SIZE_LIMIT).</summary>
    private const long HostMaxRequestBodySize = 104_857_600;

    /// <summary>The host's forwarder settings (DefaultHttpProxyService).</summary>
    private static readonly ForwarderRequestConfig ForwarderConfig = new() { ActivityTimeout = TimeSpan.FromSeconds(240) };

    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan StopGrace = TimeSpan.FromSeconds(10);

    private readonly WebApplication app;
    private readonly WorkerChannel channel;
    private readonly IHttpForwarder forwarder;
    private readonly HttpMessageInvoker forwardingClient = new(new RetryProxyHandler(new SocketsHttpHandler { UseProxy = false, AllowAutoRedirect = false, UseCookies = false }));
    private WorkerProcess? worker;
    private WorkerReady? ready;

    private FunctionsHostStandIn(WebApplication app, WorkerChannel channel, LogCapture logs)
    {
        this.app = app;
        this.channel = channel;
        forwarder = app.Services.GetRequiredService<IHttpForwarder>();
        Logs = logs;
    }

    /// <summary>Where clients send HTTP requests, e.g. <c>http://127.0.0.1:49152/</c>.</summary>
    public Uri BaseAddress { get; private set; } = null!;

    /// <summary>A client for <see cref="BaseAddress"/>, without a proxy.</summary>
    public HttpClient Client { get; private set; } = null!;

    /// <summary>The app's HTTP functions as the worker indexed them.</summary>
    public IReadOnlyList<HttpFunction> Functions { get; private set; } = [];

    /// <summary>The capabilities the worker reported in its init response (its HttpUri, whether it exports its own telemetry).</summary>
    public IReadOnlyDictionary<string, string> WorkerCapabilities => ready?.Capabilities ?? new Dictionary<string, string>();

    /// <summary>
    /// How long the worker took from the moment its process was spawned: to its gRPC StartStream, to its
    /// WorkerInitResponse (what the host waits for before it sends functions' metadata), and until every function was loaded.
    /// </summary>
    public WorkerStartTimes WorkerStartTimes => ready is null || worker is null
        ? throw new InvalidOperationException("The worker has not started.")
        : new(worker.SpawnedAt, Stopwatch.GetElapsedTime(worker.SpawnedAt, ready.ConnectedAt), Stopwatch.GetElapsedTime(worker.SpawnedAt, ready.InitializedAt),
            Stopwatch.GetElapsedTime(worker.SpawnedAt, ready.LoadedAt));

    /// <summary>What the worker logged through its ILogger, as RpcLog messages over gRPC.</summary>
    public IReadOnlyList<RpcLog> WorkerLogs => channel.Logs;

    /// <summary>The stand-in's own log: forwarding errors and failed invocations land here.</summary>
    public LogCapture Logs { get; }

    /// <summary>Posts a run the way HttpAgent does and reads its whole stream; fails unless the answer is a 200 SSE stream.</summary>
    public async Task<SseReader> RunAsync(RunAgentInput input)
    {
        using var request = RunRequests.Create(input);
        using var response = await Client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"HTTP {(int)response.StatusCode}.\n{DescribeProblems()}");
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        return await SseReader.ReadToEndAsync(response);
    }

    /// <summary>
    /// The warnings and errors of the stand-in and of the worker, and what the worker wrote to standard output and
    /// error (with its console logger removed, only a crash writes there), for the message of a failed assertion.
    /// </summary>
    public string DescribeProblems() => string.Join('\n',
        Logs.Entries.Where(e => e.Level >= LogLevel.Warning).Select(e => $"stand-in {e.Level}: {e.Message} {e.Exception?.Message}")
            .Concat(WorkerLogs.Where(l => l.Level >= RpcLog.Types.Level.Warning).Select(l => $"worker {l.Level} {l.Category}: {l.Message} {l.Exception?.Message}"))
            .Concat((worker?.Output ?? []).Select(line => $"worker output: {line}")));

    /// <summary>Starts the stand-in, then the worker in <paramref name="appDirectory"/>, and returns once every function is loaded.</summary>
    public static async Task<FunctionsHostStandIn> StartAsync(string appDirectory, IReadOnlyDictionary<string, string> appSettings)
    {
        var workerId = Guid.NewGuid().ToString();
        var channel = new WorkerChannel(workerId, appDirectory);
        var logs = new LogCapture();
        ListenOptions grpcEndpoint = null!;
        ListenOptions httpEndpoint = null!;
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.Logging.AddProvider(logs);
        builder.WebHost.UseKestrel(kestrel =>
        {
            kestrel.Limits.MaxRequestBodySize = HostMaxRequestBodySize;
            kestrel.Listen(IPAddress.Loopback, 0, listen => (grpcEndpoint = listen).Protocols = HttpProtocols.Http2);
            kestrel.Listen(IPAddress.Loopback, 0, listen => (httpEndpoint = listen).Protocols = HttpProtocols.Http1);
        });
        builder.Services.AddGrpc(grpc => grpc.MaxReceiveMessageSize = null);
        builder.Services.AddSingleton(channel);
        builder.Services.AddHttpForwarder();

        var app = builder.Build();
        var standIn = new FunctionsHostStandIn(app, channel, logs);
        app.MapGrpcService<WorkerChannel>();
        app.Map("/{**path}", standIn.InvokeAsync);
        try
        {
            await app.StartAsync();
            await standIn.StartWorkerAsync(appDirectory, workerId, appSettings, grpcEndpoint.IPEndPoint!, httpEndpoint.IPEndPoint!);
            return standIn;
        }
        catch
        {
            await standIn.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        Client?.Dispose();
        if (worker is not null)
        {
            channel.Terminate(StopGrace);
            await worker.StopAsync(StopGrace);
            await worker.DisposeAsync();
        }

        using var shutdown = new CancellationTokenSource(StopGrace);
        await app.StopAsync(shutdown.Token);
        await app.DisposeAsync();
        forwardingClient.Dispose();
    }

    private async Task StartWorkerAsync(string appDirectory, string workerId, IReadOnlyDictionary<string, string> appSettings, IPEndPoint grpcEndpoint, IPEndPoint httpEndpoint)
    {
        var grpcUri = new Uri($"http://{grpcEndpoint}/");
        BaseAddress = new Uri($"http://{httpEndpoint}/");
        Client = new HttpClient(new SocketsHttpHandler { UseProxy = false, AllowAutoRedirect = false })
        {
            BaseAddress = BaseAddress,
            Timeout = TimeSpan.FromSeconds(60),
        };

        worker = WorkerProcess.Start(appDirectory, grpcUri, workerId, appSettings);
        var started = await Task.WhenAny(channel.Ready, worker.Exited, Task.Delay(StartTimeout));
        if (started != channel.Ready)
        {
            var why = started == worker.Exited ? "exited" : $"was not ready within {StartTimeout.TotalSeconds} s";
            throw new InvalidOperationException($"The worker {why}. Its output:\n{string.Join('\n', worker.Output)}");
        }

        ready = await channel.Ready;
        var routePrefix = ReadRoutePrefix(appDirectory);
        Functions = [.. ready.Functions.Select(f => HttpFunction.From(f, routePrefix)).OfType<HttpFunction>()];
    }

    private async Task InvokeAsync(HttpContext context)
    {
        RouteValueDictionary routeValues = [];
        var function = ready is null ? null : Functions.FirstOrDefault(f => f.Matches(context.Request, out routeValues));
        if (function is null)
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }

        // As the host does: start forwarding first, so the worker has the HTTP request when the invocation arrives.
        var invocationId = Guid.NewGuid().ToString();
        context.Request.Headers[InvocationIdHeader] = invocationId;
        var forwarding = forwarder.SendAsync(context, ready!.HttpUri.ToString(), forwardingClient, ForwarderConfig).AsTask();

        InvocationResponse response;
        using (context.RequestAborted.Register(() => channel.Cancel(invocationId)))
        {
            var invocation = new InvocationRequest
            {
                InvocationId = invocationId,
                FunctionId = function.FunctionId,
                InputData = { new ParameterBinding { Name = function.TriggerName, Data = new TypedData { Http = new RpcHttp() } } },
                TraceContext = new RpcTraceContext(),
            };
            foreach (var (name, value) in routeValues)
            {
                invocation.TriggerMetadata.Add(name, new TypedData { String = Convert.ToString(value, CultureInfo.InvariantCulture) ?? string.Empty });
            }

            response = await channel.InvokeAsync(invocation);
        }

        var forwardingError = await forwarding;
        if (forwardingError != ForwarderError.None)
        {
            throw new InvalidOperationException($"Failed to proxy request with ForwarderError: {forwardingError}", context.GetForwarderErrorFeature()?.Exception);
        }

        if (response.Result.Status != StatusResult.Types.Status.Success)
        {
            throw new InvalidOperationException($"Invocation {invocationId} of {function.Name} ended {response.Result.Status}: {response.Result.Exception?.Message}");
        }
    }

    /// <summary>host.json's <c>extensions.http.routePrefix</c>; <c>api</c> when it is not set.</summary>
    private static string ReadRoutePrefix(string appDirectory)
    {
        using var hostJson = JsonDocument.Parse(File.ReadAllText(Path.Combine(appDirectory, "host.json")));
        return hostJson.RootElement.TryGetProperty("extensions", out var extensions) &&
            extensions.TryGetProperty("http", out var http) &&
            http.TryGetProperty("routePrefix", out var prefix)
                ? prefix.GetString() ?? string.Empty
                : "api";
    }
}

/// <summary>The worker's start-up, from the spawn of its process (<paramref name="SpawnedAt"/>, a <see cref="Stopwatch.GetTimestamp"/>).</summary>
public sealed record WorkerStartTimes(long SpawnedAt, TimeSpan ToConnection, TimeSpan ToInit, TimeSpan ToLoaded);
