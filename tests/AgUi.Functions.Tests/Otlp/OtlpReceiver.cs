using System.Collections.Concurrent;
using System.Net;
using AgUi.Functions.Tests.Otlp.Proto;
using Google.Protobuf;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace AgUi.Functions.Tests.Otlp;

/// <summary>
/// An OTLP/HTTP receiver (protobuf bodies on <c>/v1/traces</c>, <c>/v1/metrics</c>, <c>/v1/logs</c>) on a loopback
/// port, standing in for a collector: the worker process exports to it through its own OTLP exporter, and the
/// tests read what arrived.
/// </summary>
public sealed class OtlpReceiver : IAsyncDisposable
{
    private readonly WebApplication app;
    private readonly ConcurrentQueue<(Resource Resource, InstrumentationScope Scope, Span Span)> spans = new();
    private readonly ConcurrentQueue<Metric> metrics = new();
    private readonly ConcurrentQueue<LogRecord> logs = new();

    private OtlpReceiver(WebApplication app) => this.app = app;

    /// <summary>What to give <c>OTEL_EXPORTER_OTLP_ENDPOINT</c>, e.g. <c>http://127.0.0.1:49152</c>.</summary>
    public Uri Endpoint { get; private set; } = null!;

    public IReadOnlyList<(Resource Resource, InstrumentationScope Scope, Span Span)> Spans => [.. spans];

    public IReadOnlyList<Metric> Metrics => [.. metrics];

    public IReadOnlyList<LogRecord> Logs => [.. logs];

    public static async Task<OtlpReceiver> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        var receiver = new OtlpReceiver(app);
        app.MapPost("/v1/traces", async context =>
        {
            foreach (var resource in (await ReadAsync(context, ExportTraceServiceRequest.Parser)).ResourceSpans)
            {
                foreach (var scope in resource.ScopeSpans)
                {
                    foreach (var span in scope.Spans)
                    {
                        receiver.spans.Enqueue((resource.Resource, scope.Scope, span));
                    }
                }
            }

            Acknowledge(context);
        });
        app.MapPost("/v1/metrics", async context =>
        {
            foreach (var metric in (await ReadAsync(context, ExportMetricsServiceRequest.Parser)).ResourceMetrics.SelectMany(r => r.ScopeMetrics).SelectMany(s => s.Metrics))
            {
                receiver.metrics.Enqueue(metric);
            }

            Acknowledge(context);
        });
        app.MapPost("/v1/logs", async context =>
        {
            foreach (var record in (await ReadAsync(context, ExportLogsServiceRequest.Parser)).ResourceLogs.SelectMany(r => r.ScopeLogs).SelectMany(s => s.LogRecords))
            {
                receiver.logs.Enqueue(record);
            }

            Acknowledge(context);
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single();
        receiver.Endpoint = new Uri(address);
        return receiver;
    }

    /// <summary>The value of <paramref name="key"/> among <paramref name="attributes"/> as text, or null.</summary>
    public static string? Attribute(IEnumerable<KeyValue> attributes, string key) => attributes.FirstOrDefault(a => a.Key == key)?.Value switch
    {
        null => null,
        { ValueCase: AnyValue.ValueOneofCase.StringValue } v => v.StringValue,
        { ValueCase: AnyValue.ValueOneofCase.IntValue } v => v.IntValue.ToString(System.Globalization.CultureInfo.InvariantCulture),
        { ValueCase: AnyValue.ValueOneofCase.BoolValue } v => v.BoolValue ? "true" : "false",
        { ValueCase: AnyValue.ValueOneofCase.ArrayValue } v => string.Join(',', v.ArrayValue.Values.Select(x => x.StringValue)),
        var v => v.ToString(),
    };

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }

    private static async Task<T> ReadAsync<T>(HttpContext context, MessageParser<T> parser)
        where T : IMessage<T>
    {
        using var body = new MemoryStream();
        await context.Request.Body.CopyToAsync(body, context.RequestAborted);
        return parser.ParseFrom(body.ToArray());
    }

    private static void Acknowledge(HttpContext context)
    {
        context.Response.StatusCode = StatusCodes.Status200OK;
        context.Response.ContentType = "application/x-protobuf";
    }
}
